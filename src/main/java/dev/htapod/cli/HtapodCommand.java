package dev.htapod.cli;

import dev.htapod.api.Htapod;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of {@code htapod [OPTIONS] [--] COMMAND [ARG...]}. */
@Command(
    name = "htapod",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Runs COMMAND in its own user, network and mount namespaces, as you, without root,"
            + " with every TCP and UDP packet it sends passing through htapod.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "N:the command's own exit status",
      "128+N:the command was killed by signal N",
      "125:htapod itself could not do its job (stderr says why)",
      "126:the command could not be executed",
      "127:the command was not found",
      "122:--fail-on-deny or --policy: the command succeeded, but the egress policy refused something",
      "121:--replay: the command succeeded, but a request not in the recording was answered 502 or a connection refused",
      "2:malformed htapod options"
    })
final class HtapodCommand implements Callable<Integer> {
  /**
   * htapod's own logger, held for the run: java.util.logging keeps loggers weakly, and one
   * collected between its configuration and its first use forgets its level (-v then showed
   * nothing, in about one run of ten once the CA was made beside the parsing).
   */
  private static final Logger HTAPOD = Logger.getLogger("htapod");

  @ArgGroup(exclusive = false, heading = "%nOutput:%n")
  OutputOptions output = new OutputOptions();

  @ArgGroup(exclusive = false, heading = "%nRecording:%n")
  RecordOptions record = new RecordOptions();

  @ArgGroup(exclusive = false, heading = "%nReplay:%n")
  ReplayOptions replay = new ReplayOptions();

  @ArgGroup(exclusive = false, heading = "%nInterception:%n")
  InterceptionOptions interception = new InterceptionOptions();

  @ArgGroup(exclusive = false, heading = "%nNetwork:%n")
  NetworkOptions network = new NetworkOptions();

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command to run, and its arguments.")
  List<String> command;

  /** What this command line runs with. */
  private final Invocation invocation;

  HtapodCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  /** For picocli's tools, which make it by reflection (the man page, shell completion). */
  HtapodCommand() {
    this(Invocation.ofThisProcess());
  }

  @Override
  public Integer call() {
    configureDiagnostics();
    Htapod.Builder tap = Htapod.builder();
    if (invocation.origin() != null) {
      HTAPOD.fine("a warm run: the command starts from the launcher's process");
      tap.origin(invocation.origin());
    }
    output.applyTo(tap, invocation);
    record.applyTo(tap);
    replay.applyTo(tap);
    interception.applyTo(tap);
    network.applyTo(tap);
    try (ReportOutput reports = ReportOutput.open(output.destination(), invocation)) {
      if (reports.stream() != null) {
        tap.report(output.format, reports.stream());
      }
      return tap.build().run(command);
    }
  }

  /** Diagnostics go to stderr as one-line messages; htapod's own are quiet unless -v. */
  void configureDiagnostics() {
    Logger root = Logger.getLogger("");
    for (var handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    // Flushed after each message: it may come just before the command's own output.
    StreamHandler handler = new StreamHandler(invocation.err(), new OneLineFormatter(output.verbose)) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.WARNING); // libraries (Netty) speak only when something is wrong
    HTAPOD.setLevel(output.verbose ? Level.ALL : Level.WARNING);
  }
}

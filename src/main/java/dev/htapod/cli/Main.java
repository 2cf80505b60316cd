package dev.htapod.cli;

import dev.htapod.api.Htapod;
import dev.htapod.api.HtapodException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Entry point of the {@code htapod} command. */
public final class Main {
  /** Netty's settings for the command, each unless set with -D. */
  private static final Map<String, String> NETTY_DEFAULTS = Map.of(
      // The leak detector records a stack trace for one buffer in 128: ~2 % of the loop's time per
      // request, for a check that belongs in tests.
      "io.netty.leakDetection.level", "disabled",
      // Netty's JFR events for its buffers: loading the first one on the first connection makes the
      // JDK load JFR's metadata and rewrite the event classes, ~75 ms on that connection's path.
      "io.netty.jfr.enabled", "false");

  private Main() {}

  public static void main(String[] args) {
    useNettyDefaults();
    // The run's CA is made while the options are parsed (a run with --ca-cert or --no-decrypt
    // leaves it unused).
    Htapod.prepare();
    // System.exit also ends Netty's and the JDK's lingering threads at once.
    System.exit(execute(Invocation.ofThisProcess(), args));
  }

  /** Sets Netty's properties for a command-line run; before any Netty class is loaded. */
  public static void useNettyDefaults() {
    NETTY_DEFAULTS.forEach((name, value) -> {
      if (System.getProperty(name) == null) {
        System.setProperty(name, value);
      }
    });
  }

  /**
   * Runs the command line as {@code invocation} says and returns the exit status; the one place
   * failures become statuses.
   */
  public static int execute(Invocation invocation, String... args) {
    HtapodCommand options = new HtapodCommand(invocation);
    CommandLine line = new CommandLine(options);
    line.setOut(new PrintWriter(new OutputStreamWriter(invocation.out(), Charset.defaultCharset()), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(invocation.err(), Charset.defaultCharset()), true));
    if (invocation.directory() != null) {
      // Options name files relative to the directory htapod was started in, not this process's.
      line.registerConverter(Path.class, name -> invocation.directory().resolve(name));
    }
    // `htapod curl -v URL` hands -v to curl: options end at the command.
    line.setStopAtPositional(true);
    // "@file" belongs to the command (curl --data-binary @file), never expanded by picocli.
    line.setExpandAtFiles(false);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler(
        (e, argv) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("htapod: " + e.getMessage() + " (see htapod --help)");
          err.flush();
          return ExitStatus.USAGE;
        });
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof TypeConversionException) {
            // An option value checked when applied, after parsing: still a usage error.
            err.println("htapod: " + e.getMessage() + " (see htapod --help)");
            err.flush();
            return ExitStatus.USAGE;
          }
          if (e instanceof HtapodException) {
            err.println("htapod: " + e.getMessage());
          } else {
            err.println("htapod: internal error: " + e + (options.output.verbose ? "" : " (run with -v for details)"));
            if (options.output.verbose) {
              e.printStackTrace(err);
            }
          }
          err.flush();
          return ExitStatus.FAILURE;
        });
    return line.execute(args);
  }
}

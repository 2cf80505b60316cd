package dev.htapod.cli;

import dev.htapod.api.HtapodException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code htapod} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // System.exit also ends Netty's and the JDK's lingering threads at once.
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status; the one place failures become statuses. */
  static int execute(String... args) {
    HtapodCommand options = new HtapodCommand();
    CommandLine line = new CommandLine(options);
    // `htapod curl -v URL` hands -v to curl: options end at the command.
    line.setStopAtPositional(true);
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
          if (e instanceof HtapodException) {
            err.println("htapod: " + e.getMessage());
          } else {
            err.println("htapod: internal error: " + e + (options.verbose ? "" : " (run with -v for details)"));
            if (options.verbose) {
              e.printStackTrace(err);
            }
          }
          err.flush();
          return ExitStatus.FAILURE;
        });
    return line.execute(args);
  }
}

package dev.htapod.cli;

import dev.htapod.api.CommandOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one command line runs with: its environment, working directory and output, and where the
 * command starts from. For a run of this process, its own ({@link #ofThisProcess}); for a run
 * that a warm launcher handed over, the launcher's, and the launcher as the command's origin.
 *
 * @param directory relative paths in options are resolved against it, when not null
 * @param origin where the command starts from, or null for this process
 */
public record Invocation(Map<String, String> environment, Path directory, OutputStream out, OutputStream err,
    boolean outIsTerminal, boolean errIsTerminal, CommandOrigin origin) {
  public Invocation {
    environment = Map.copyOf(environment);
  }

  /** This process's environment, working directory, stdout and stderr. */
  public static Invocation ofThisProcess() {
    return new Invocation(System.getenv(), null, System.out, System.err, isTerminal(1), isTerminal(2), null);
  }

  /** Whether file descriptor {@code fd} of this process is a terminal. */
  private static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}

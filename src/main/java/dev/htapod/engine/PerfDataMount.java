package dev.htapod.engine;

import dev.htapod.namespace.SandboxSpec.EmptyMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * The Java programs of a run keep their perf data ({@code /tmp/hsperfdata_USER/PID}, which jps and
 * jstat read) in a directory of the run's own. Named by their PIDs in the run's PID namespace, they
 * would share files with the programs of other runs, whose first process is PID 2 too: a JVM that
 * finds its file held says so on the command's stderr ("Cannot use file /tmp/hsperfdata_USER/2
 * because it is locked by another process"), and a killed one's file would stay on the host.
 */
final class PerfDataMount {
  private PerfDataMount() {}

  /**
   * An empty tmpfs over the user's perf data directory, made first if missing as any JVM would
   * make it; none when it is not a directory of the user's own (a link, say).
   */
  static Optional<EmptyMount> forUser(String user) {
    Path directory = Path.of("/tmp", "hsperfdata_" + user);
    try {
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(directory);
      }
      UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) || !owner.getName().equals(user)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // the programs share the host's directory, as without htapod
    }
    return Optional.of(new EmptyMount(directory));
  }
}

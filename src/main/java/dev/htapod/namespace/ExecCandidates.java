package dev.htapod.namespace;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The paths the child tries with execve, in the order a shell would: the name itself when it
 * contains a slash, otherwise each {@code PATH} entry in turn (an empty entry is the working
 * directory). Resolved before the fork so that the child does no string work.
 */
final class ExecCandidates {
  /** What execvp uses when PATH is unset. */
  static final String DEFAULT_PATH = "/bin:/usr/bin";

  private ExecCandidates() {}

  static List<String> resolve(String name, String path) {
    return resolve(name, path, ExecCandidates::searchable);
  }

  /**
   * As {@link #resolve(String, String)}, skipping the directories that {@code searchable}
   * rejects: as in bash, a PATH entry we may not search (say another user's ~/bin) must not turn
   * "command not found" (127) into "permission denied" (126).
   */
  static List<String> resolve(String name, String path, Predicate<String> searchable) {
    if (name.contains("/")) {
      return List.of(name);
    }
    if (name.isEmpty()) {
      return List.of();
    }
    List<String> candidates = new ArrayList<>();
    for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
      if (searchable.test(dir)) {
        candidates.add(dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name);
      }
    }
    return candidates;
  }

  /** False for a directory we may not search or even reach; a missing one costs only ENOENT. */
  private static boolean searchable(String dir) {
    Path path = Path.of(dir.isEmpty() ? "." : dir);
    try {
      return !Files.readAttributes(path, BasicFileAttributes.class).isDirectory()
          || Files.isExecutable(path);
    } catch (AccessDeniedException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}

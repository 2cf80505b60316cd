package dev.htapod.namespace;

import java.util.ArrayList;
import java.util.List;

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
    if (name.contains("/")) {
      return List.of(name);
    }
    if (name.isEmpty()) {
      return List.of();
    }
    List<String> candidates = new ArrayList<>();
    for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
      candidates.add(dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name);
    }
    return candidates;
  }
}

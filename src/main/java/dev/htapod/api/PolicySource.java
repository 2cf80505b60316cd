package dev.htapod.api;

import java.util.List;

/**
 * The text of a policy file (see {@link Htapod.Builder#policy(java.nio.file.Path)}).
 *
 * @param name the file's name as the user gave it, for messages ({@code policy.txt:3: ...})
 * @param lines its lines, as read
 */
public record PolicySource(String name, List<String> lines) {
  public PolicySource {
    lines = List.copyOf(lines);
  }
}

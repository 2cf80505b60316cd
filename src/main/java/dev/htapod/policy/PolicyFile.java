package dev.htapod.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy file: one {@code --allow} pattern a line, {@code !PATTERN} for a {@code --deny} one,
 * {@code #} starting a comment (on its own line or after a pattern), blank lines ignored.
 *
 * @param name the file's name as the user gave it, for messages
 * @param text every line as read, comments and blank lines included
 * @param lines the pattern lines, in order
 */
public record PolicyFile(String name, List<String> text, List<PolicyLine> lines) {
  public PolicyFile {
    text = List.copyOf(text);
    lines = List.copyOf(lines);
  }

  /**
   * Reads {@code text}; a malformed line throws, its message naming the file, the line and the
   * fault: {@code policy.txt:3: 'exa mple.test' is not a valid pattern: ...}.
   */
  public static PolicyFile parse(String name, List<String> text) {
    List<PolicyLine> lines = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i);
      int hash = line.indexOf('#');
      String body = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (body.isEmpty()) {
        continue;
      }
      boolean deny = body.startsWith("!");
      try {
        EgressPattern pattern = EgressPattern.parse(deny ? body.substring(1).strip() : body);
        if (deny) {
          pattern = new EgressPattern("!" + pattern.text(), pattern.name(), pattern.block(), pattern.port());
        }
        lines.add(new PolicyLine(name, i + 1, deny, pattern, line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new PolicyFile(name, text, lines);
  }
}

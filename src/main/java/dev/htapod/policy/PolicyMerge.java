package dev.htapod.policy;

import dev.htapod.api.DestinationUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What {@code --learn} writes: the file as it was, then the lines of the enforced policy files it
 * lacks, then the destinations of the run that none of those lines matches, each with a comment
 * naming the processes that used it. What the user wrote is never changed, moved or dropped: lines
 * are only added, at the end, so that a review sees them as one block.
 */
public final class PolicyMerge {
  private PolicyMerge() {}

  /**
   * @param learned the file {@code --learn} names, as it is now (empty when it does not exist)
   * @param policies the enforced policy files, whose lines join it (a line it has already, or
   *     the file itself, adds nothing)
   * @param uses the run's destinations, sorted
   * @return the file's new lines
   */
  public static List<String> merge(PolicyFile learned, List<PolicyFile> policies, List<DestinationUse> uses) {
    List<String> text = new ArrayList<>(learned.text());
    List<PolicyLine> lines = new ArrayList<>(learned.lines());
    Set<String> patterns = new HashSet<>();
    lines.forEach(line -> patterns.add(key(line)));
    for (PolicyFile policy : policies) {
      List<PolicyLine> missing = policy.lines().stream().filter(line -> patterns.add(key(line))).toList();
      if (!missing.isEmpty()) {
        separate(text);
        text.add("# from " + policy.name());
        missing.forEach(line -> text.add(line.text().strip()));
        lines.addAll(missing);
      }
    }
    List<String> added = new ArrayList<>();
    for (DestinationUse use : uses) {
      Destination destination = Destination.of(use);
      if (lines.stream().noneMatch(line -> line.pattern().matches(destination)) && patterns.add(use.pattern().toLowerCase(Locale.ROOT))) {
        added.add(use.pattern() + "  # " + comment(use));
      }
    }
    if (!added.isEmpty()) {
      separate(text);
      text.add(text.isEmpty()
          ? "# Destinations learned by htapod --learn; one pattern a line, !PATTERN refuses (htapod --help)."
          : "# learned by htapod --learn");
      text.addAll(added);
    }
    return text;
  }

  /** "curl x2, python3 x1", after "refused: " or "would be refused: " outside the policy. */
  public static String comment(DestinationUse use) {
    StringJoiner processes = new StringJoiner(", ");
    use.processes().forEach((name, count) -> processes.add(name + " x" + count));
    return switch (use.verdict()) {
      case ALLOWED -> processes.toString();
      case REFUSED -> "refused: " + processes;
      case AUDITED -> "would be refused: " + processes;
    };
  }

  /** A blank line between the user's last line and what is added. */
  private static void separate(List<String> text) {
    if (!text.isEmpty() && !text.get(text.size() - 1).isBlank()) {
      text.add("");
    }
  }

  private static String key(PolicyLine line) {
    return line.pattern().text().toLowerCase(Locale.ROOT);
  }
}

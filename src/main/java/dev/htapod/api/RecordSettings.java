package dev.htapod.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a recording ({@code --record}) writes: every HTTP exchange, bodies whole, to a HAR 1.2
 * file that a replay can answer from, with secret header values replaced by {@link #REDACTED}.
 *
 * @param file the HAR file
 * @param keepSecrets whether the values of {@link #SECRET_HEADERS} are kept as sent
 * @param redacted further header names whose values are replaced (any case)
 */
public record RecordSettings(Path file, boolean keepSecrets, List<String> redacted) {
  /** What stands for a redacted header or cookie value in the file. */
  public static final String REDACTED = "[redacted]";
  /** The headers whose values are redacted unless {@link #keepSecrets}. */
  public static final List<String> SECRET_HEADERS =
      List.of("Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization");

  public RecordSettings {
    Objects.requireNonNull(file, "file");
    redacted = List.copyOf(redacted);
  }

  /** The header names whose values the file leaves out, in lower case. */
  public Set<String> redactedNames() {
    Set<String> names = new TreeSet<>();
    if (!keepSecrets) {
      SECRET_HEADERS.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
    }
    redacted.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
    return names;
  }
}

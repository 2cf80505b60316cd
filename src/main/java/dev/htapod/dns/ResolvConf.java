package dev.htapod.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The /etc/resolv.conf the command sees: only our resolver, keeping the host's search domains and
 * options; and the host's first nameserver, for queries htapod forwards.
 */
public final class ResolvConf {
  private ResolvConf() {}

  /** The command's resolv.conf, asking {@code nameserver} only. */
  public static String forCommand(String hostResolvConf, String nameserver) {
    List<String> lines = new ArrayList<>();
    lines.add("# written by htapod for the command it runs; the host's file is unchanged");
    lines.add("nameserver " + nameserver);
    for (String line : hostResolvConf.split("\n")) {
      String keyword = keyword(line);
      if (keyword.equals("search") || keyword.equals("domain") || keyword.equals("options")) {
        lines.add(line.trim());
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** The host's first nameserver, if it names one. */
  public static Optional<String> firstNameserver(String hostResolvConf) {
    for (String line : hostResolvConf.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 2 && keyword(line).equals("nameserver")) {
        return Optional.of(fields[1].replaceFirst("%.*", ""));
      }
    }
    return Optional.empty();
  }

  private static String keyword(String line) {
    String trimmed = line.trim();
    int end = trimmed.indexOf(' ') < 0 ? trimmed.indexOf('\t') : trimmed.indexOf(' ');
    return (end < 0 ? trimmed : trimmed.substring(0, end)).toLowerCase(Locale.ROOT);
  }
}

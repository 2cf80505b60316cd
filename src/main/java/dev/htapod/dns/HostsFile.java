package dev.htapod.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The /etc/hosts the command sees: the host's, except that names the host maps to its loopback
 * (other than localhost and the machine's own name) point at the gateway, which stands for the
 * host's loopback inside. The command's own localhost stays its own.
 */
public final class HostsFile {
  private static final Set<String> OWN_NAMES =
      Set.of("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback");

  private HostsFile() {}

  /**
   * Rewrites the text of a hosts file.
   *
   * @param gateway6 the IPv6 gateway, or null when IPv6 is off (such lines are then dropped)
   */
  public static String rewrite(String hosts, String hostname, String gateway4, String gateway6) {
    List<String> lines = new ArrayList<>();
    for (String line : hosts.split("\n", -1)) {
      lines.add(rewriteLine(line, hostname, gateway4, gateway6));
    }
    return String.join("\n", lines);
  }

  private static String rewriteLine(String line, String hostname, String gateway4, String gateway6) {
    String content = line.replaceFirst("#.*", "").trim();
    String[] fields = content.split("\\s+");
    if (fields.length < 2) {
      return line;
    }
    String address = fields[0];
    boolean loopback4 = address.startsWith("127.");
    boolean loopback6 = address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    if (!loopback4 && !loopback6) {
      return line;
    }
    for (int i = 1; i < fields.length; i++) {
      String name = fields[i].toLowerCase(java.util.Locale.ROOT);
      if (OWN_NAMES.contains(name) || name.equals(hostname) || name.startsWith(hostname + ".")) {
        return line;
      }
    }
    if (loopback6 && gateway6 == null) {
      return "# " + line;
    }
    return (loopback4 ? gateway4 : gateway6) + " " + String.join(" ", List.of(fields).subList(1, fields.length));
  }
}

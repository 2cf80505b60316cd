package dev.htapod.policy;

import java.util.regex.Pattern;

/**
 * One {@code --allow} or {@code --deny} pattern: a host name ({@code example.com}), a wildcard
 * ({@code *.example.com}, names below it), an IP address or CIDR block (v4 or v6), or {@code *}
 * for any destination, each with an optional {@code :PORT} ({@code [::1]:443} for IPv6). A
 * pattern with a port never matches a ping, which has none.
 *
 * @param text the pattern as the user wrote it, for reports
 * @param name the host name pattern, or null
 * @param block the addresses, or null
 * @param port the port, or 0 for any
 */
public record EgressPattern(String text, HostPattern name, AddressBlock block, int port) {
  private static final Pattern NAME =
      Pattern.compile("(\\*\\.)?([A-Za-z0-9_-]{1,63})(\\.[A-Za-z0-9_-]{1,63})*\\.?");

  public EgressPattern {
    if (name != null && block != null) {
      throw new IllegalArgumentException("a pattern is a name or addresses, not both");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be 1 to 65535");
    }
  }

  /** Reads a pattern; a malformed one throws, its message naming the pattern and the fault. */
  public static EgressPattern parse(String text) {
    try {
      return read(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid pattern: " + e.getMessage());
    }
  }

  private static EgressPattern read(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("it is empty");
    }
    String host = text;
    int port = 0;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("it lacks the closing ]");
      }
      host = text.substring(1, close);
      if (host.indexOf(':') < 0) {
        throw new IllegalArgumentException("brackets hold an IPv6 address, as in [::1]:443");
      }
      port = port(text.substring(close + 1));
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = port(text.substring(text.indexOf(':')));
    }
    if (host.equals("*")) {
      return new EgressPattern(text, null, null, port);
    }
    if (AddressBlock.looksLikeAddress(host)) {
      return new EgressPattern(text, null, AddressBlock.parse(host), port);
    }
    if (host.indexOf('*') >= 0 && !host.startsWith("*.")) {
      throw new IllegalArgumentException("* stands only for the whole first label, as in *.example.com");
    }
    if (!NAME.matcher(host).matches() || host.length() > 254) {
      throw new IllegalArgumentException("'" + host + "' is not a host name, IP address or CIDR block");
    }
    return new EgressPattern(text, new HostPattern(host), null, port);
  }

  /** The port after a colon: "" for none, ":443". */
  private static int port(String colonAndPort) {
    if (colonAndPort.isEmpty()) {
      return 0;
    }
    if (!colonAndPort.matches(":[0-9]{1,5}")) {
      throw new IllegalArgumentException("'" + colonAndPort + "' is not :PORT");
    }
    int port = Integer.parseInt(colonAndPort.substring(1));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the port must be 1 to 65535");
    }
    return port;
  }

  /** Whether it matches any destination it is asked about ({@code *}, with or without a port). */
  public boolean any() {
    return name == null && block == null;
  }

  /** Whether it matches {@code destination}: its addresses with their ports, or its names. */
  public boolean matches(Destination destination) {
    for (var endpoint : destination.addresses()) {
      if (covers(endpoint.getPort()) && (any() || block != null && block.contains(endpoint.getAddress()))) {
        return true;
      }
    }
    if (name != null && covers(destination.port())) {
      return destination.names().stream().anyMatch(name::matches);
    }
    return false;
  }

  /** Whether it could match a connection to {@code host} on some port. */
  public boolean mayMatchName(String host) {
    return any() || name != null && name.matches(host);
  }

  private boolean covers(int destinationPort) {
    return port == 0 || port == destinationPort;
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.htapod.api;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Relays connections to {@code from} (and {@code fromPort}, unless it is 0 for any port) to {@code
 * to} (and {@code toPort}, unless it is 0 for the same port).
 */
public record AddressMapping(InetAddress from, int fromPort, InetAddress to, int toPort) {
  public AddressMapping {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (fromPort < 0 || fromPort > 65535 || toPort < 0 || toPort > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
  }
}

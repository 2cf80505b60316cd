package dev.htapod.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses found for a name, before any rewriting, and where they came from.
 *
 * @param found false for a name that does not exist (NXDOMAIN)
 * @param source "resolve" (--resolve), "host" (the host's own resolution) or "upstream" (--dns)
 */
record Resolution(boolean found, List<InetAddress> addresses, String source) {
  Resolution {
    addresses = List.copyOf(addresses);
  }

  static Resolution notFound(String source) {
    return new Resolution(false, List.of(), source);
  }
}

package dev.htapod.http;

import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.TappedConnection;
import java.net.InetSocketAddress;

/** Connections as the relay describes them to a tap. */
final class Connections {
  static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.2.100", 40000);
  /** Where htapod dials from the host: what exchanges name as the server's address. */
  static final InetSocketAddress TARGET = new InetSocketAddress("93.184.216.34", 80);

  private Connections() {}

  /** Plain TCP to {@code server}:{@code port} (as the command dialed it). */
  static TappedConnection plain(String server, int port) {
    return new TappedConnection(CLIENT, new InetSocketAddress(server, port), TARGET, null, false, false, null, FlowOwners.UNKNOWN);
  }

  static TappedConnection plain() {
    return plain("93.184.216.34", 80);
  }

  /** TLS that htapod decrypted, with {@code sni} (or none) and the protocol agreed (or none). */
  static TappedConnection decrypted(String sni, int port, String alpn) {
    return new TappedConnection(CLIENT, new InetSocketAddress("93.184.216.34", port), TARGET, sni, true, true, alpn, FlowOwners.UNKNOWN);
  }

  /** TLS relayed untouched: the tap would see ciphertext. */
  static TappedConnection untouchedTls(String sni) {
    return new TappedConnection(CLIENT, new InetSocketAddress("93.184.216.34", 443), TARGET, sni, true, false, null, FlowOwners.UNKNOWN);
  }
}

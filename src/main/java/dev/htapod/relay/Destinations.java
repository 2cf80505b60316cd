package dev.htapod.relay;

import dev.htapod.netstack.wire.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Where a flow goes on the host: to the address the command used, except that the gateway stands
 * for the host's own loopback (10.0.2.2 for 127.0.0.1, fd00::2 for ::1).
 */
public final class Destinations {
  private final Map<IpAddress, InetAddress> rewrites;

  public Destinations(Map<IpAddress, InetAddress> rewrites) {
    this.rewrites = Map.copyOf(rewrites);
  }

  public InetSocketAddress outward(IpAddress server, int port) {
    InetAddress address = rewrites.get(server);
    return new InetSocketAddress(address != null ? address : server.toInetAddress(), port);
  }
}

package dev.htapod.relay;

import dev.htapod.api.AddressMapping;
import dev.htapod.netstack.wire.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Where a flow goes on the host: to the address the command used, except that the gateway stands
 * for the host's own loopback (10.0.2.2 for 127.0.0.1, fd00::2 for ::1), and that {@code --map}
 * rules send chosen addresses elsewhere. A rule matches the address the command used or the host
 * address it stands for; the first matching rule wins.
 */
public final class Destinations {
  private final List<AddressMapping> mappings;
  private final Map<IpAddress, InetAddress> rewrites;

  public Destinations(List<AddressMapping> mappings, Map<IpAddress, InetAddress> rewrites) {
    this.mappings = List.copyOf(mappings);
    this.rewrites = Map.copyOf(rewrites);
  }

  public InetSocketAddress outward(IpAddress server, int port) {
    InetAddress used = server.toInetAddress();
    InetAddress host = rewrites.getOrDefault(server, used);
    for (AddressMapping mapping : mappings) {
      boolean address = mapping.from().equals(used) || mapping.from().equals(host);
      if (address && (mapping.fromPort() == 0 || mapping.fromPort() == port)) {
        return new InetSocketAddress(mapping.to(), mapping.toPort() == 0 ? port : mapping.toPort());
      }
    }
    return new InetSocketAddress(host, port);
  }

  /** Where a ping goes: as for a flow, but only rules without a port apply. */
  public InetAddress outward(IpAddress server) {
    return outward(server, 0).getAddress();
  }
}

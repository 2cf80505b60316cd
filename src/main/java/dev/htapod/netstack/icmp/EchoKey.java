package dev.htapod.netstack.icmp;

import dev.htapod.netstack.wire.IpAddress;

/**
 * A ping as the command sees it: its own address, the identifier its echo requests carry (one per
 * ping process, as the port of a UDP flow), and the address it pings.
 */
public record EchoKey(IpAddress client, int identifier, IpAddress server) {
  // Written out: a record's own equals and hashCode run through method handles, which only C2
  // compiles well (scripts/htapod runs C1), and keys are looked up for every echo.
  @Override
  public boolean equals(Object other) {
    return other instanceof EchoKey key && identifier == key.identifier && client.equals(key.client)
        && server.equals(key.server);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * client.hashCode() + identifier) + server.hashCode();
  }

  @Override
  public String toString() {
    return client + " id " + identifier + " -> " + server;
  }
}

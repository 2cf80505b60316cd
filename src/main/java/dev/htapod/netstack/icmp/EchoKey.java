package dev.htapod.netstack.icmp;

import dev.htapod.netstack.wire.IpAddress;

/**
 * A ping as the command sees it: its own address, the identifier its echo requests carry (one per
 * ping process, as the port of a UDP flow), and the address it pings.
 */
public record EchoKey(IpAddress client, int identifier, IpAddress server) {
  @Override
  public String toString() {
    return client + " id " + identifier + " -> " + server;
  }
}

package dev.htapod.netstack;

import dev.htapod.netstack.wire.IpAddress;
import java.net.InetSocketAddress;

/**
 * A TCP connection or UDP flow as the command sees it: its own address and port, and the address
 * and port it sent to.
 */
public record FlowKey(IpAddress client, int clientPort, IpAddress server, int serverPort) {
  /** The command's end as a socket address. */
  public InetSocketAddress clientAddress() {
    return new InetSocketAddress(client.toInetAddress(), clientPort);
  }

  /** Where the command sent it, as a socket address. */
  public InetSocketAddress serverAddress() {
    return new InetSocketAddress(server.toInetAddress(), serverPort);
  }

  // Written out: a record's own equals and hashCode run through method handles, which only C2
  // compiles well (scripts/htapod runs C1), and keys are looked up for every packet.
  @Override
  public boolean equals(Object other) {
    return other instanceof FlowKey key && clientPort == key.clientPort && serverPort == key.serverPort
        && client.equals(key.client) && server.equals(key.server);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * client.hashCode() + clientPort) + server.hashCode()) + serverPort;
  }

  @Override
  public String toString() {
    return client + ":" + clientPort + " -> " + server + ":" + serverPort;
  }
}

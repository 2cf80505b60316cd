package dev.htapod.netstack;

import dev.htapod.netstack.wire.IpAddress;

/**
 * A TCP connection or UDP flow as the command sees it: its own address and port, and the address
 * and port it sent to.
 */
public record FlowKey(IpAddress client, int clientPort, IpAddress server, int serverPort) {
  @Override
  public String toString() {
    return client + ":" + clientPort + " -> " + server + ":" + serverPort;
  }
}

package dev.htapod.netstack.tcp;

/**
 * Decides what to do with each new connection, before the handshake completes (as gVisor's
 * forwarder): typically dial the destination and then call {@link TcpConnection#accept}, {@link
 * TcpConnection#refuse} or {@link TcpConnection#unreachable}.
 */
public interface TcpForwarder {
  void open(TcpConnection connection);
}

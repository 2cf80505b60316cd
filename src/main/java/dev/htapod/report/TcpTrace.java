package dev.htapod.report;

import io.netty.buffer.ByteBuf;

/**
 * One TCP connection being written to a pcapng file by {@link PcapngWriter}. Each method reads
 * its buffer's readable bytes without changing its indices or reference count. Calls after the
 * writer is closed, or after the connection ended that way, are ignored.
 */
public interface TcpTrace {
  /** Bytes the command sent. */
  void fromClient(ByteBuf data);

  /** Bytes the destination sent. */
  void fromServer(ByteBuf data);

  /** The command shut down its side (a FIN from the client). */
  void clientEnded();

  /** The destination shut down its side (a FIN from the server). */
  void serverEnded();

  /** The connection was reset toward the command, as the relay does when the destination fails. */
  void reset();

  /** The command reset the connection. */
  void clientReset();
}

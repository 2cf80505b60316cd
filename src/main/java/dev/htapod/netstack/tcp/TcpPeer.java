package dev.htapod.netstack.tcp;

import io.netty.buffer.ByteBuf;

/** The far end of a terminated connection: the relay to the destination. */
public interface TcpPeer {
  /** In-order bytes from the command; ownership passes to the peer. */
  void data(ByteBuf data);

  /**
   * The end of a batch of segments (or a RST in it): what {@link #data} handed over is to be
   * written out now. Writing once per batch instead of once per segment wakes the destination
   * once for all of it.
   */
  default void endOfBatch() {}

  /** The command shut its write side (FIN): no more data will come. */
  void endOfData();

  /** The connection was reset or abandoned: drop everything at once. */
  void reset();

  /** Bytes handed to {@link #data} that the peer has not yet written out. */
  long pendingBytes();

  /** The send queue to the command has room again: the peer may read more. */
  void canSendMore();

  /** The connection is over in both directions. */
  void closed();
}

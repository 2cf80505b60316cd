package dev.htapod.api;

import java.nio.ByteBuffer;

/**
 * Sees the bytes of each TCP connection the command makes, beside the relay: decrypted when
 * htapod decrypts them, as they went otherwise. It can only read them: what is relayed never
 * changes. Called on htapod's network thread: return quickly.
 */
@FunctionalInterface
public interface TcpSniffer {
  /** Sees nothing: every connection is only relayed. */
  TcpSniffer PASSTHROUGH = (connection, decrypted) -> Stream.NONE;

  /**
   * A connection's bytes are about to flow.
   *
   * @param decrypted whether the bytes shown are TLS decrypted by htapod
   * @return what sees this connection's bytes, or {@link Stream#NONE}
   */
  Stream open(Connection connection, boolean decrypted);

  /** One connection's bytes, both ways. */
  interface Stream {
    Stream NONE = new Stream() {};

    /** Bytes the command sent: a read-only view, valid only during the call. */
    default void fromCommand(ByteBuffer bytes) {}

    /** Bytes the destination sent: a read-only view, valid only during the call. */
    default void fromServer(ByteBuffer bytes) {}

    /** The connection has ended; nothing follows. */
    default void closed() {}
  }
}

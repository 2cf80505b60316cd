package dev.htapod.relay;

import io.netty.buffer.ByteBuf;

/**
 * Sees a relayed connection's application bytes, decrypted when htapod decrypts them, beside the
 * relay: it reads the bytes it is shown without moving their indices and never changes them. The
 * relay lets go of them after the call; a tap that keeps some retains them ({@code
 * retainedDuplicate()}), so a large transfer is observed without copying it. Called on the
 * stack's loop.
 */
public interface StreamTap {
  /** Taps nothing. */
  StreamTap NONE = new StreamTap() {
    @Override
    public boolean done() {
      return true;
    }
  };

  /** Bytes the command sent; the relay's reference ends with the call. */
  default void fromCommand(ByteBuf bytes) {}

  /** Bytes the destination sent; the relay's reference ends with the call. */
  default void fromServer(ByteBuf bytes) {}

  /** The command ended its output (FIN). */
  default void commandEnded() {}

  /** The destination ended its output. */
  default void serverEnded() {}

  /** The connection is gone, ended or reset; nothing follows. */
  default void closed() {}

  /**
   * Whether the tap wants no more bytes, having seen enough to know the stream is not for it; a
   * caller may then stop showing it bytes (the ends and the close are still told).
   */
  default boolean done() {
    return false;
  }

  /** Opens a tap for each connection whose bytes are about to flow. */
  interface Factory {
    Factory NONE = connection -> StreamTap.NONE;

    StreamTap open(TappedConnection connection);

    /** Opens both factories' taps, this one's first, for each connection. */
    default Factory and(Factory other) {
      return connection -> {
        StreamTap first = open(connection);
        StreamTap second = other.open(connection);
        return new StreamTap() {
          @Override
          public void fromCommand(ByteBuf bytes) {
            first.fromCommand(bytes);
            second.fromCommand(bytes);
          }

          @Override
          public void fromServer(ByteBuf bytes) {
            first.fromServer(bytes);
            second.fromServer(bytes);
          }

          @Override
          public void commandEnded() {
            first.commandEnded();
            second.commandEnded();
          }

          @Override
          public void serverEnded() {
            first.serverEnded();
            second.serverEnded();
          }

          @Override
          public void closed() {
            first.closed();
            second.closed();
          }

          @Override
          public boolean done() {
            return first.done() && second.done();
          }
        };
      };
    }
  }
}

package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import dev.htapod.netstack.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Writes the stack's packets to the TUN device: headers and payload in one writev, so payload
 * bytes read from an outward socket reach the command without another copy. A payload may be a
 * composite of two pieces (a segment that spans two reads); payloads in any other shape, rare, are
 * first copied to native memory.
 */
final class TunWriter implements PacketSink {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final TunDevice tun;
  private long failures;

  TunWriter(TunDevice tun) {
    this.tun = tun;
  }

  @Override
  public void send(ByteBuf headers, ByteBuf payload) {
    ByteBuf first = payload;
    ByteBuf second = null;
    ByteBuf copy = null;
    if (payload instanceof CompositeByteBuf pieces && pieces.numComponents() == 2
        && pieces.component(0).hasMemoryAddress() && pieces.component(1).hasMemoryAddress()) {
      first = pieces.component(0);
      second = pieces.component(1);
    } else if (payload != null && !payload.hasMemoryAddress()) {
      copy = PooledByteBufAllocator.DEFAULT.directBuffer(payload.readableBytes())
          .writeBytes(payload, payload.readerIndex(), payload.readableBytes());
      first = copy;
    }
    try {
      tun.write(address(headers), headers.readableBytes(), address(first), length(first),
          address(second), length(second));
    } catch (IOException e) {
      // The packet is lost like one on a wire; TCP will resend it.
      if (failures++ == 0) {
        LOG.log(Level.DEBUG, e.getMessage());
      }
    } finally {
      headers.release();
      if (copy != null) {
        copy.release();
      }
    }
  }

  private static long address(ByteBuf buf) {
    return buf == null ? 0 : buf.memoryAddress() + buf.readerIndex();
  }

  private static int length(ByteBuf buf) {
    return buf == null ? 0 : buf.readableBytes();
  }
}

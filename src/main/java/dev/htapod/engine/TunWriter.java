package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import dev.htapod.netstack.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Writes the stack's packets to the TUN device: headers and payload in one writev, so payload
 * bytes read from an outward socket reach the command without another copy (payloads not in
 * native memory, rare, are copied there first).
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
    ByteBuf direct = payload == null || payload.hasMemoryAddress()
        ? payload
        : PooledByteBufAllocator.DEFAULT.directBuffer(payload.readableBytes()).writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    try {
      tun.write(
          headers.memoryAddress() + headers.readerIndex(), headers.readableBytes(),
          direct == null ? 0 : direct.memoryAddress() + direct.readerIndex(),
          direct == null ? 0 : direct.readableBytes());
    } catch (IOException e) {
      // The packet is lost like one on a wire; TCP will resend it.
      if (failures++ == 0) {
        LOG.log(Level.DEBUG, e.getMessage());
      }
    } finally {
      headers.release();
      if (direct != payload) {
        direct.release();
      }
    }
  }
}

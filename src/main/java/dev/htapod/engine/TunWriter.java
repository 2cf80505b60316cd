package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import dev.htapod.netstack.PacketSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the stack's packets to the TUN device: headers and payload in one writev, so payload
 * bytes read from an outward socket reach the command without another copy. A payload may be a
 * composite of two pieces (a segment that spans two reads); payloads in any other shape, rare, are
 * first copied to native memory.
 *
 * <p>The kernel delivers a written packet to the command's socket inside the writev (its TCP
 * receive path and the wake-up of the reader), which costs as much as reading the bytes from the
 * outward socket. Bulk payloads are therefore written by a thread of their own while the stack's
 * loop reads on; small packets written while nothing is queued go out at once on the loop, since
 * handing them over would add a thread's wake-up to every round trip.
 */
final class TunWriter implements PacketSink, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** Payloads from this size on go to the writer thread. */
  static final int BULK = 16 << 10;

  private record Packet(ByteBuf headers, ByteBuf payload) {}

  private static final Packet END = new Packet(null, null);

  private final TunDevice tun;
  private final BlockingQueue<Packet> queue = new LinkedBlockingQueue<>();
  /** Packets handed to the writer thread and not yet written; only the loop adds to it. */
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread writer;
  private final AtomicInteger failures = new AtomicInteger();
  private final EventExecutor producer;

  /** @param producer the stack's loop: the one thread that sends, which {@link #pending} relies on */
  TunWriter(TunDevice tun, EventExecutor producer) {
    this.tun = tun;
    this.producer = producer;
    this.writer = new Thread(this::writeQueued, "htapod-tun-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Takes {@code headers}; {@code payload} stays the caller's. */
  @Override
  public void send(ByteBuf headers, ByteBuf payload) {
    assert producer.inEventLoop();
    if (pending.get() == 0 && (payload == null || payload.readableBytes() < BULK)) {
      write(headers, payload); // nothing queued that this packet could overtake
      return;
    }
    pending.incrementAndGet();
    queue.add(new Packet(headers, payload == null ? null : payload.retain()));
  }

  private void writeQueued() {
    try {
      for (Packet packet = queue.take(); packet != END; packet = queue.take()) {
        try {
          write(packet.headers, packet.payload);
        } catch (Throwable bug) {
          // A dead writer would stall every connection: one packet is lost instead.
          LOG.log(Level.ERROR, "writing a packet failed: " + bug, bug);
        } finally {
          if (packet.payload != null) {
            packet.payload.release();
          }
          pending.decrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(ByteBuf headers, ByteBuf payload) {
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
      if (failures.getAndIncrement() == 0) {
        LOG.log(Level.DEBUG, e.getMessage());
      }
    } finally {
      headers.release();
      if (copy != null) {
        copy.release();
      }
    }
  }

  /**
   * Writes what is queued, then stops the thread; the device must stay open until this returns,
   * and nothing may be sent after (the stack's loop has ended before).
   */
  @Override
  public void close() {
    queue.add(END);
    Threads.join(writer);
  }

  private static long address(ByteBuf buf) {
    return buf == null ? 0 : buf.memoryAddress() + buf.readerIndex();
  }

  private static int length(ByteBuf buf) {
    return buf == null ? 0 : buf.readableBytes();
  }
}

package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads the TUN device on a thread of its own and hands the packets, in batches, to the stack's
 * event loop: the reads and the stack's work then run on two cores.
 */
final class TunReader implements Runnable {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** The largest packet: a virtio header and 64 KiB of IP. */
  private static final int MAX_PACKET = 10 + 65536;
  /** Small packets are copied out so a 64 KiB buffer is not held for a 60-byte ACK. */
  private static final int COPY_BELOW = 4096;
  private static final int BATCH = 64;

  private final TunDevice tun;
  private final ByteBufAllocator allocator;
  private final Executor loop;
  private final Consumer<List<ByteBuf>> stack;
  private final Thread thread;

  TunReader(TunDevice tun, ByteBufAllocator allocator, Executor loop, Consumer<List<ByteBuf>> stack) {
    this.tun = tun;
    this.allocator = allocator;
    this.loop = loop;
    this.stack = stack;
    this.thread = new FastThreadLocalThread(this, "htapod-tun");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Ends the reader and waits for it. */
  void stop() throws InterruptedException {
    tun.wakeUp();
    thread.join();
  }

  @Override
  public void run() {
    ByteBuf buffer = allocator.directBuffer(MAX_PACKET);
    try {
      while (tun.awaitReadable(-1)) {
        List<ByteBuf> batch = new ArrayList<>(BATCH);
        int n;
        while (batch.size() < BATCH && (n = tun.read(buffer.memoryAddress(), MAX_PACKET)) > 0) {
          if (n < COPY_BELOW) {
            batch.add(allocator.directBuffer(n).writeBytes(buffer, 0, n));
          } else {
            batch.add(buffer.writerIndex(n));
            buffer = allocator.directBuffer(MAX_PACKET);
          }
        }
        if (!batch.isEmpty()) {
          loop.execute(() -> stack.accept(batch));
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, e.getMessage());
    } finally {
      buffer.release();
    }
  }
}

package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The TUN device on the stack's own epoll loop: a packet is handled on the thread that read it,
 * with no hand-over between threads, which is what a round trip's latency is made of. Reads are
 * level-triggered and bounded per wake-up, so sockets on the same loop get their turn.
 */
final class TunHandle implements EpollIoHandle {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** The largest packet: a virtio header and 64 KiB of IP. */
  private static final int MAX_PACKET = 10 + 65536;
  /** Small packets are copied out so a 64 KiB buffer is not held for a 60-byte ACK. */
  private static final int COPY_BELOW = 4096;
  private static final int PACKETS_PER_WAKEUP = 64;

  private final TunDevice tun;
  private final FileDescriptor fd;
  private final ByteBufAllocator allocator;
  private final Consumer<ByteBuf> packets;
  private final Runnable endOfBatch;
  private ByteBuf buffer;
  private IoRegistration registration;

  TunHandle(TunDevice tun, ByteBufAllocator allocator, Consumer<ByteBuf> packets, Runnable endOfBatch) {
    this.tun = tun;
    this.fd = new FileDescriptor(tun.fd());
    this.allocator = allocator;
    this.packets = packets;
    this.endOfBatch = endOfBatch;
  }

  /** Starts reading on {@code loop}. */
  void register(IoEventLoop loop) throws InterruptedException {
    registration = loop.register(this).sync().getNow();
    registration.submit(EpollIoOps.EPOLLIN);
  }

  /** Stops reading; on the loop. */
  void unregister() {
    if (registration != null) {
      registration.cancel();
    }
  }

  @Override
  public FileDescriptor fd() {
    return fd;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    read(PACKETS_PER_WAKEUP);
  }

  /**
   * Reads what the device holds, however much; on the loop. The command's exit queued its last
   * segments (the FINs and RSTs of its closed sockets) before its parent saw it end.
   */
  void drain() {
    read(Integer.MAX_VALUE);
  }

  private void read(int most) {
    try {
      for (int i = 0; i < most; i++) {
        if (buffer == null) {
          buffer = allocator.directBuffer(MAX_PACKET);
        }
        int n = tun.read(buffer.memoryAddress(), MAX_PACKET);
        if (n == 0) {
          break;
        }
        ByteBuf packet;
        if (n < COPY_BELOW) {
          packet = allocator.directBuffer(n).writeBytes(buffer, 0, n);
        } else {
          packet = buffer.writerIndex(n);
          buffer = null;
        }
        packets.accept(packet);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, e.getMessage());
      unregister();
    } finally {
      endOfBatch.run();
    }
  }

  @Override
  public void close() {
    // The device belongs to the sandbox, which closes it; only our buffer is ours.
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}

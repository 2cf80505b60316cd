package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for packet headers, used again once released instead of going back to Netty's
 * pool. A download's headers are made on the stack's loop and released on the TUN writer's thread;
 * through the pool that cost ~6 % of each of the two threads (the pool's thread cache on one side,
 * its arena on the other, and the recycler of buffer objects on both, none of it inlined by C1).
 * Buffers may be taken on one thread at a time and released on any.
 */
final class HeaderBuffers {
  /**
   * Room for the largest header written (virtio, IPv6, TCP with the SYN's options), and for the
   * smallest whole packets (a DNS answer, a ping) too.
   */
  static final int SIZE = 128;
  /** Free buffers kept at most, as a burst may hold many at once: 512 KiB. */
  static final int KEPT = 4096;

  private final ByteBufAllocator allocator;
  private final int kept;
  private final Queue<Reusable> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger freeCount = new AtomicInteger();
  private final AtomicInteger made = new AtomicInteger();

  /**
   * {@code allocator} is what the buffers answer to {@code alloc()}; {@code kept} free buffers are
   * kept at most, the others freed as they are released.
   */
  HeaderBuffers(ByteBufAllocator allocator, int kept) {
    this.allocator = allocator;
    this.kept = kept;
  }

  /** An empty buffer of {@link #SIZE} bytes, owned by the caller until released. */
  ByteBuf take() {
    Reusable buffer = free.poll();
    if (buffer == null) {
      made.incrementAndGet();
      return new Reusable();
    }
    freeCount.decrementAndGet();
    return buffer.reuse();
  }

  /** Buffers taken and not yet released; exact once no thread is taking or releasing. */
  int inUse() {
    return made.get() - freeCount.get();
  }

  private final class Reusable extends UnpooledUnsafeDirectByteBuf {
    Reusable() {
      // Memory the garbage collector frees, whatever the JDK: Netty's own direct memory is freed
      // only by an explicit release on recent JDKs, and a run's free buffers are simply dropped.
      super(allocator, ByteBuffer.allocateDirect(SIZE), SIZE);
      clear();
    }

    Reusable reuse() {
      resetRefCnt();
      clear();
      return this;
    }

    @Override
    protected void deallocate() {
      if (freeCount.incrementAndGet() <= kept) {
        free.add(this);
        return;
      }
      freeCount.decrementAndGet();
      made.decrementAndGet();
      super.deallocate();
    }
  }
}

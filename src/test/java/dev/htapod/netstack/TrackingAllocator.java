package dev.htapod.netstack;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out plain unpooled buffers and remembers each one, so that a test can ask which were never
 * released: packets the test injected, headers the stack built, quotes it copied (a copy comes
 * from the allocator of the buffer copied, so it is tracked too).
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> handedOut = new ArrayList<>();

  public TrackingAllocator() {
    super(true);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  public List<ByteBuf> unreleased() {
    return handedOut.stream().filter(buf -> buf.refCnt() > 0).toList();
  }

  private ByteBuf track(ByteBuf buf) {
    handedOut.add(buf);
    return buf;
  }
}

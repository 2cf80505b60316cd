package dev.htapod.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderBuffersTest {
  private final HeaderBuffers buffers = new HeaderBuffers(UnpooledByteBufAllocator.DEFAULT);

  @Test
  void aReleasedBufferComesBackEmptyAndLive() {
    ByteBuf first = buffers.take();
    first.writeLong(0x0102030405060708L);
    first.release();
    ByteBuf again = buffers.take();
    assertThat(again).isSameAs(first);
    assertThat(again.refCnt()).isEqualTo(1);
    assertThat(again.readableBytes()).isZero();
    assertThat(again.capacity()).isEqualTo(HeaderBuffers.SIZE);
    again.release();
    assertThat(buffers.inUse()).isZero();
  }

  @Test
  void buffersReleasedOnAnotherThreadAreUsedAgain() throws InterruptedException {
    List<ByteBuf> taken = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      taken.add(buffers.take().writeInt(i));
    }
    assertThat(buffers.inUse()).isEqualTo(100);
    Thread writer = new Thread(() -> taken.forEach(ByteBuf::release));
    writer.start();
    writer.join();
    assertThat(buffers.inUse()).isZero();
    List<ByteBuf> again = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      again.add(buffers.take());
    }
    assertThat(again).containsExactlyInAnyOrderElementsOf(taken);
    again.forEach(ByteBuf::release);
  }

  @Test
  void aBufferStillHeldIsCountedInUse() {
    ByteBuf held = buffers.take();
    buffers.take().release();
    assertThat(buffers.inUse()).isEqualTo(1);
    held.release();
    assertThat(buffers.inUse()).isZero();
  }
}

package dev.htapod.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeaderBuffersTest {
  private final HeaderBuffers buffers = new HeaderBuffers(UnpooledByteBufAllocator.DEFAULT, HeaderBuffers.KEPT);

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
    Set<ByteBuf> same = Collections.newSetFromMap(new IdentityHashMap<>());
    same.addAll(taken);
    assertThat(again).allMatch(same::contains);
    again.forEach(ByteBuf::release);
  }

  @Test
  void buffersBeyondThoseKeptAreFreed() {
    HeaderBuffers keepingOne = new HeaderBuffers(UnpooledByteBufAllocator.DEFAULT, 1);
    ByteBuf first = keepingOne.take();
    ByteBuf second = keepingOne.take();
    first.release();
    second.release();
    assertThat(keepingOne.inUse()).isZero();
    assertThat(keepingOne.take()).isSameAs(first);
    assertThatThrownBy(() -> second.getByte(0)).isInstanceOf(IllegalReferenceCountException.class);
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

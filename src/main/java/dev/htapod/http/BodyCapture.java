package dev.htapod.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** Counts a message's body and keeps its first bytes, up to the run's cap, when bodies are kept. */
final class BodyCapture {
  private final int cap;
  private byte[] kept = new byte[0];
  private int keptLength;
  private long size;

  /** @param cap how many bytes to keep; 0 keeps none */
  BodyCapture(int cap) {
    this.cap = cap;
  }

  /** Takes note of {@code bytes} without moving their indices. */
  void add(ByteBuf bytes) {
    int length = bytes.readableBytes();
    size += length;
    int take = Math.min(length, cap - keptLength);
    if (take <= 0) {
      return;
    }
    if (keptLength + take > kept.length) {
      kept = Arrays.copyOf(kept, Math.min(cap, Math.max(keptLength + take, kept.length * 2)));
    }
    bytes.getBytes(bytes.readerIndex(), kept, keptLength, take);
    keptLength += take;
  }

  long size() {
    return size;
  }

  boolean complete() {
    return keptLength == size;
  }

  byte[] bytes() {
    return Arrays.copyOf(kept, keptLength);
  }
}

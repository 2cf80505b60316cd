package dev.htapod.http;

import java.io.ByteArrayInputStream;

/**
 * The encoded body, remembering whether a decoder asked it for more than it had. A decoder that
 * fails after that ran out of input (the body was cut short); one that fails before it met bytes
 * it could not decode.
 */
final class EncodedSource extends ByteArrayInputStream {
  private boolean exhausted;

  EncodedSource(byte[] encoded) {
    super(encoded);
  }

  boolean exhausted() {
    return exhausted;
  }

  @Override
  public synchronized int read() {
    int next = super.read();
    exhausted |= next < 0;
    return next;
  }

  @Override
  public synchronized int read(byte[] into, int offset, int length) {
    int count = super.read(into, offset, length);
    exhausted |= count < 0;
    return count;
  }
}

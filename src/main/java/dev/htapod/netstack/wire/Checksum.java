package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/** The Internet checksum (RFC 1071): a one's complement sum of 16-bit words. */
public final class Checksum {
  private Checksum() {}

  /** Adds the bytes [offset, offset + length) of {@code buf} to the running sum {@code sum}. */
  public static long add(long sum, ByteBuf buf, int offset, int length) {
    int i = offset;
    int end = offset + length;
    // Eight bytes at a time; the one's complement sum is byte-order independent up to a swap,
    // so big-endian longs fold to the same 16-bit result.
    while (end - i >= 8) {
      long word = buf.getLong(i);
      sum += (word >>> 32) + (word & 0xffffffffL);
      i += 8;
    }
    while (end - i >= 2) {
      sum += buf.getUnsignedShort(i);
      i += 2;
    }
    if (i < end) {
      sum += (buf.getUnsignedByte(i) << 8);
    }
    return sum;
  }

  /** Folds a running sum to 16 bits, not complemented (the partial sum virtio expects). */
  public static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The checksum to put in a header: the complement of the folded sum. */
  public static int finish(long sum) {
    return ~fold(sum) & 0xffff;
  }

  /** The sum of the pseudo-header of TCP and UDP (RFC 793, RFC 8200 8.1). */
  public static long pseudoHeader(IpAddress source, IpAddress destination, int protocol, int length) {
    return source.sum() + destination.sum() + protocol + length;
  }

  /** True when the data including its checksum field sums to 0xffff, as it must. */
  public static boolean verifies(long sum) {
    return fold(sum) == 0xffff;
  }
}

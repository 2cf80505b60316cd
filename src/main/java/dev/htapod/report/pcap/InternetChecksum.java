package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071) of the headers written here. Words are added 32 bits at a
 * time: since 2^16 = 1 modulo 0xffff, folding the carries gives the same 16-bit sum.
 */
final class InternetChecksum {
  private InternetChecksum() {}

  /** {@code sum} plus the bytes [index, index + length) of {@code buf} as big-endian words. */
  static long add(long sum, ByteBuf buf, int index, int length) {
    int end = index + length;
    int i = index;
    for (; end - i >= 4; i += 4) {
      sum += buf.getUnsignedInt(i);
    }
    if (end - i >= 2) {
      sum += buf.getUnsignedShort(i);
      i += 2;
    }
    return i < end ? sum + (buf.getUnsignedByte(i) << 8) : sum;
  }

  /** {@code sum} plus the bytes of an address (4 or 16, so whole words). */
  static long add(long sum, byte[] address) {
    for (int i = 0; i < address.length; i += 2) {
      sum += (address[i] & 0xff) << 8 | (address[i + 1] & 0xff);
    }
    return sum;
  }

  /** The value for the header field: the folded sum, complemented. */
  static int finish(long sum) {
    long folded = sum;
    while ((folded >>> 16) != 0) {
      folded = (folded & 0xffff) + (folded >>> 16);
    }
    return (int) ~folded & 0xffff;
  }
}

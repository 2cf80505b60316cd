package dev.htapod.netstack;

/**
 * The Internet checksum written the plain way (RFC 1071 4.1: 16-bit words, carries folded in), over
 * byte arrays, so that tests check the stack's own {@code Checksum} and the packets it builds
 * against something that shares no code with them.
 */
public final class ReferenceChecksum {
  private ReferenceChecksum() {}

  /** The folded, uncomplemented sum of bytes [from, to), an odd last byte padded with zero. */
  public static int sum(byte[] bytes, int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i += 2) {
      int high = bytes[i] & 0xff;
      int low = i + 1 < to ? bytes[i + 1] & 0xff : 0;
      sum += (high << 8) | low;
    }
    return fold(sum);
  }

  /** The value to put in a checksum field that holds zero while {@code sum} is taken. */
  public static int checksum(int sum) {
    return ~sum & 0xffff;
  }

  /** True when the IPv4 header at {@code ip} sums to 0xffff with its checksum field. */
  public static boolean ipv4HeaderVerifies(byte[] packet, int ip) {
    int headerLength = (packet[ip] & 0x0f) * 4;
    return sum(packet, ip, ip + headerLength) == 0xffff;
  }

  /**
   * True when the TCP, UDP or ICMP message of the IP packet at {@code ip} verifies: with the
   * pseudo-header for TCP, UDP and ICMPv6 (RFC 793, RFC 768, RFC 8200 8.1), without for ICMPv4.
   */
  public static boolean transportVerifies(byte[] packet, int ip) {
    boolean v6 = (packet[ip] & 0xf0) == 0x60;
    int protocol = v6 ? packet[ip + 6] & 0xff : packet[ip + 9] & 0xff;
    int start = v6 ? ip + 40 : ip + (packet[ip] & 0x0f) * 4;
    int end = v6 ? start + u16(packet, ip + 4) : ip + u16(packet, ip + 2);
    long sum = sum(packet, start, end);
    if (protocol != 1) {
      sum += v6 ? sum(packet, ip + 8, ip + 40) : sum(packet, ip + 12, ip + 20);
      sum += protocol + (end - start);
    }
    return fold(sum) == 0xffff;
  }

  private static int u16(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff);
  }

  private static int fold(long sum) {
    while (sum > 0xffff) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }
}

package dev.htapod.netstack.wire;

import dev.htapod.netstack.ReferenceChecksum;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * Packets written out by hand, byte by byte, with checksums computed apart from the stack's code
 * (and checked again by {@link ReferenceChecksum} in the tests that use them).
 */
public final class KnownPackets {
  /**
   * A Linux SYN: 10.0.2.100:40000 to 93.184.216.34:443, seq 0xfffffff0, window 64240, MSS 1460,
   * SACK permitted, timestamps, NOP, window scale 7. IPv4 checksum dc37, TCP checksum 8aa2.
   */
  public static final byte[] IPV4_SYN = bytes(
      "45 00 00 3c 1c 46 40 00 40 06 dc 37 0a 00 02 64 5d b8 d8 22"
          + "9c 40 01 bb ff ff ff f0 00 00 00 00 a0 02 fa f0 8a a2 00 00"
          + "02 04 05 b4 04 02 08 0a 00 01 e2 40 00 00 00 00 01 03 03 07");

  /** fd00::100:40001 to 2001:db8::1:80, seq 1, window 65535, MSS 1420, window scale 9. */
  public static final byte[] IPV6_SYN = bytes(
      "60 00 00 00 00 1c 06 40"
          + "fd 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00"
          + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
          + "9c 41 00 50 00 00 00 01 00 00 00 00 70 02 ff ff bb f1 00 00"
          + "02 04 05 8c 01 03 03 09");

  /** 10.0.2.100:5353 to 10.0.2.3:53 carrying "hello". IPv4 checksum 6265, UDP checksum 8e7d. */
  public static final byte[] IPV4_UDP = bytes(
      "45 00 00 21 00 01 00 00 40 11 62 65 0a 00 02 64 0a 00 02 03"
          + "14 e9 00 35 00 0d 8e 7d 68 65 6c 6c 6f");

  /** Offsets in the IPv4 header. */
  public static final int V4_FRAGMENT = 6;
  public static final int V4_PROTOCOL = 9;
  public static final int V4_CHECKSUM = 10;

  private KnownPackets() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  /** A copy of {@code packet} with {@code value} at {@code offset}. */
  public static byte[] with(byte[] packet, int offset, int... value) {
    byte[] copy = packet.clone();
    for (int i = 0; i < value.length; i++) {
      copy[offset + i] = (byte) value[i];
    }
    return copy;
  }

  /** A copy of an IPv4 packet with {@code value} at {@code offset} and the header checksum redone. */
  public static byte[] withV4Header(byte[] packet, int offset, int... value) {
    byte[] copy = with(packet, offset, value);
    copy[V4_CHECKSUM] = 0;
    copy[V4_CHECKSUM + 1] = 0;
    int headerLength = (copy[0] & 0x0f) * 4;
    int checksum = ReferenceChecksum.checksum(ReferenceChecksum.sum(copy, 0, headerLength));
    return with(copy, V4_CHECKSUM, checksum >>> 8, checksum & 0xff);
  }

  /** The packet as the TUN device hands it over: a virtio header with {@code flags} first. */
  public static byte[] onDevice(int flags, byte[] ip) {
    byte[] packet = new byte[VirtioHeader.LENGTH + ip.length];
    packet[0] = (byte) flags;
    System.arraycopy(ip, 0, packet, VirtioHeader.LENGTH, ip.length);
    return packet;
  }

  /** A buffer over the IP packet alone, from offset 0. */
  public static ByteBuf buffer(byte[] ip) {
    return Unpooled.wrappedBuffer(ip);
  }
}

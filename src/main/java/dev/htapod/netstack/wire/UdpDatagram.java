package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/** A UDP datagram's header (RFC 768), validated. */
public record UdpDatagram(int sourcePort, int destinationPort, int dataOffset, int dataLength) {
  public static final int HEADER = 8;
  public static final int CHECKSUM_OFFSET = 6;

  /** Parses the datagram that is {@code ip}'s payload; null when it is to be dropped. */
  public static UdpDatagram parse(ByteBuf buf, IpPacket ip, boolean checksumTrusted, Drops drops) {
    int offset = ip.payloadOffset();
    if (ip.payloadLength() < HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int length = buf.getUnsignedShort(offset + 4);
    if (length < HEADER || length > ip.payloadLength()) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int checksum = buf.getUnsignedShort(offset + 6);
    // A zero checksum means "none" in IPv4 (RFC 768); IPv6 requires one (RFC 8200 8.1).
    boolean check = !checksumTrusted && (ip.v6() || checksum != 0);
    if (check && !Checksum.verifies(Checksum.add(Checksum.pseudoHeader(ip.source(), ip.destination(), IpPacket.UDP, length), buf, offset, length))) {
      return drops.drop(Drops.Reason.BAD_CHECKSUM);
    }
    return new UdpDatagram(
        buf.getUnsignedShort(offset), buf.getUnsignedShort(offset + 2), offset + HEADER, length - HEADER);
  }
}

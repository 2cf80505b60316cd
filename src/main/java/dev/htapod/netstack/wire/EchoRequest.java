package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/**
 * An ICMP or ICMPv6 echo request (RFC 792, RFC 4443 4.1), validated: its identifier and sequence
 * number, and where its message (the 8-byte header, then the data) lies in the buffer.
 */
public record EchoRequest(int identifier, int sequence, int offset, int length) {
  public static final int HEADER = 8;

  /**
   * Parses the echo request that is {@code ip}'s payload; null when the packet is to be dropped
   * (counted in {@code drops}): too short, another ICMP message, or a bad checksum.
   */
  public static EchoRequest parse(ByteBuf buf, IpPacket ip, boolean checksumTrusted, Drops drops) {
    int offset = ip.payloadOffset();
    int length = ip.payloadLength();
    if (length < HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    boolean echo = ip.protocol() == (ip.v6() ? IpPacket.ICMPV6 : IpPacket.ICMP)
        && buf.getUnsignedByte(offset) == Icmp.echoRequest(ip.v6()) && buf.getUnsignedByte(offset + 1) == 0;
    if (!echo) {
      return drops.drop(Drops.Reason.UNSUPPORTED);
    }
    // ICMPv6's checksum covers a pseudo-header (RFC 4443 2.3); ICMP's covers the message only.
    long sum = ip.v6() ? ip.pseudoHeaderSum() : 0;
    if (!checksumTrusted && !Checksum.verifies(Checksum.add(sum, buf, offset, length))) {
      return drops.drop(Drops.Reason.BAD_CHECKSUM);
    }
    return new EchoRequest(buf.getUnsignedShort(offset + 4), buf.getUnsignedShort(offset + 6), offset, length);
  }
}

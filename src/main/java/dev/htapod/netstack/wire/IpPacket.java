package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/**
 * An IPv4 or IPv6 packet's header, validated: where its transport payload lies and what it is.
 *
 * @param payloadOffset absolute offset of the transport header in the buffer
 * @param payloadLength bytes of transport header and data
 */
public record IpPacket(
    boolean v6,
    int protocol,
    IpAddress source,
    IpAddress destination,
    int hopLimit,
    int headerOffset,
    int payloadOffset,
    int payloadLength) {

  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMP = 1;
  public static final int ICMPV6 = 58;
  public static final int IPV4_HEADER = 20;
  public static final int IPV6_HEADER = 40;

  /**
   * Parses the IP header at {@code offset}, the packet ending at {@code end}.
   *
   * @return the header, or null when the packet is to be dropped (counted in {@code drops})
   */
  public static IpPacket parse(ByteBuf buf, int offset, int end, Drops drops) {
    if (end - offset < 1) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int version = buf.getUnsignedByte(offset) >>> 4;
    if (version == 4) {
      return parseV4(buf, offset, end, drops);
    }
    if (version == 6) {
      return parseV6(buf, offset, end, drops);
    }
    return drops.drop(Drops.Reason.BAD_VERSION);
  }

  private static IpPacket parseV4(ByteBuf buf, int offset, int end, Drops drops) {
    if (end - offset < IPV4_HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int headerLength = (buf.getUnsignedByte(offset) & 0x0f) * 4;
    int totalLength = buf.getUnsignedShort(offset + 2);
    if (headerLength < IPV4_HEADER || totalLength < headerLength || totalLength > end - offset) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    if (!Checksum.verifies(Checksum.add(0, buf, offset, headerLength))) {
      return drops.drop(Drops.Reason.BAD_CHECKSUM);
    }
    int fragment = buf.getUnsignedShort(offset + 6);
    if ((fragment & 0x3fff) != 0) { // more-fragments flag or a fragment offset
      return drops.drop(Drops.Reason.FRAGMENT);
    }
    return new IpPacket(
        false,
        buf.getUnsignedByte(offset + 9),
        IpAddress.read(buf, offset + 12, false),
        IpAddress.read(buf, offset + 16, false),
        buf.getUnsignedByte(offset + 8),
        offset,
        offset + headerLength,
        totalLength - headerLength);
  }

  private static IpPacket parseV6(ByteBuf buf, int offset, int end, Drops drops) {
    if (end - offset < IPV6_HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int payloadLength = buf.getUnsignedShort(offset + 4);
    if (payloadLength > end - offset - IPV6_HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int next = buf.getUnsignedByte(offset + 6);
    if (next != TCP && next != UDP && next != ICMPV6) {
      return drops.drop(Drops.Reason.UNSUPPORTED); // extension headers: the kernel inside sends none to us
    }
    return new IpPacket(
        true,
        next,
        IpAddress.read(buf, offset + 8, true),
        IpAddress.read(buf, offset + 24, true),
        buf.getUnsignedByte(offset + 7),
        offset,
        offset + IPV6_HEADER,
        payloadLength);
  }

  /** Offset just past the packet. */
  public int end() {
    return payloadOffset + payloadLength;
  }

  /** Sum of the pseudo-header for this packet's transport checksum. */
  public long pseudoHeaderSum() {
    return Checksum.pseudoHeader(source, destination, protocol, payloadLength);
  }
}

package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes the headers of packets going to the command: virtio header, IP header, and the TCP, UDP
 * or ICMP header. TCP and UDP checksums are left partial for the kernel inside (NEEDS_CSUM), which
 * delivers such packets locally without computing them: the payload is never read here.
 */
public final class PacketBuilder {
  private static final int TTL = 64;

  private final ByteBufAllocator allocator;
  private final HeaderBuffers headers;

  public PacketBuilder(ByteBufAllocator allocator) {
    this(allocator, HeaderBuffers.KEPT);
  }

  /**
   * With {@code keptHeaders} header buffers kept for use again; tests keep none, so that a header
   * used after its release fails as any freed buffer does.
   */
  public PacketBuilder(ByteBufAllocator allocator, int keptHeaders) {
    this.allocator = allocator;
    this.headers = new HeaderBuffers(allocator, keptHeaders);
  }

  /** Header buffers handed out and not yet released (for tests that look for leaks). */
  public int headersInUse() {
    return headers.inUse();
  }

  /**
   * Headers of a TCP segment from {@code from}:{@code fromPort} to {@code to}:{@code toPort}
   * carrying {@code dataLength} bytes that follow the returned buffer on the wire.
   *
   * @param mss the MSS option to include (SYN only), or -1
   * @param windowScale the window scale option to include (SYN only), or -1
   */
  public ByteBuf tcp(
      IpAddress from, int fromPort, IpAddress to, int toPort,
      int seq, int ack, int flags, int window, int mss, int windowScale, int dataLength) {
    int optionsLength = (mss >= 0 ? 4 : 0) + (windowScale >= 0 ? 4 : 0);
    int tcpLength = TcpSegment.HEADER + optionsLength;
    ByteBuf packet = start(from, to, IpPacket.TCP, tcpLength, tcpLength + dataLength, TcpSegment.CHECKSUM_OFFSET);
    int tcp = transportOffset(from);
    packet.setShort(tcp, fromPort);
    packet.setShort(tcp + 2, toPort);
    packet.setInt(tcp + 4, seq);
    packet.setInt(tcp + 8, ack);
    packet.setByte(tcp + 12, (tcpLength / 4) << 4);
    packet.setByte(tcp + 13, flags);
    packet.setShort(tcp + 14, window);
    packet.setShort(tcp + 18, 0);
    int option = tcp + TcpSegment.HEADER;
    if (mss >= 0) {
      packet.setInt(option, 0x02040000 | mss);
      option += 4;
    }
    if (windowScale >= 0) {
      packet.setInt(option, 0x01030300 | windowScale); // NOP, then kind 3 length 3
    }
    long pseudo = Checksum.pseudoHeader(from, to, IpPacket.TCP, tcpLength + dataLength);
    packet.setShort(tcp + TcpSegment.CHECKSUM_OFFSET, Checksum.fold(pseudo));
    packet.writerIndex(tcp + tcpLength);
    return packet;
  }

  /** The headers of the segments of one connection from {@code from}:{@code fromPort}. */
  public TcpHeaders tcpHeaders(IpAddress from, int fromPort, IpAddress to, int toPort) {
    ByteBuf first = tcp(from, fromPort, to, toPort, 0, 0, 0, 0, -1, -1, 0);
    try {
      return new TcpHeaders(headers, first, from, to);
    } finally {
      first.release();
    }
  }

  /** A whole UDP datagram with {@code data} (not consumed) as its payload. */
  public ByteBuf udp(IpAddress from, int fromPort, IpAddress to, int toPort, ByteBuf data) {
    int length = UdpDatagram.HEADER + data.readableBytes();
    ByteBuf packet = start(from, to, IpPacket.UDP, length, length, UdpDatagram.CHECKSUM_OFFSET);
    int udp = transportOffset(from);
    packet.setShort(udp, fromPort);
    packet.setShort(udp + 2, toPort);
    packet.setShort(udp + 4, length);
    packet.setShort(udp + 6, Checksum.fold(Checksum.pseudoHeader(from, to, IpPacket.UDP, length)));
    packet.setBytes(udp + UdpDatagram.HEADER, data, data.readerIndex(), data.readableBytes());
    packet.writerIndex(udp + length);
    return packet;
  }

  /**
   * The part of {@code original} (from its IP header on) that an ICMP error about it quotes: as
   * much as RFC 792 (IP header and 8 bytes) and RFC 4443 2.4 (up to 1280 bytes in all) allow.
   * A slice; copy it to keep it.
   */
  public static ByteBuf quote(IpPacket original, ByteBuf buf) {
    int whole = original.end() - original.headerOffset();
    int allowed = original.v6()
        ? 1280 - IpPacket.IPV6_HEADER - 8
        : original.payloadOffset() - original.headerOffset() + 8;
    return buf.slice(original.headerOffset(), Math.min(whole, allowed));
  }

  /**
   * An ICMP (v4) or ICMPv6 error from {@code from} to {@code to} quoting {@code quote} (see
   * {@link #quote}; not consumed).
   */
  public ByteBuf icmpError(IpAddress from, IpAddress to, ByteBuf quote, int type, int code) {
    int length = 8 + quote.readableBytes();
    int protocol = from.v6() ? IpPacket.ICMPV6 : IpPacket.ICMP;
    ByteBuf packet = start(from, to, protocol, length, length, -1);
    int icmp = transportOffset(from);
    packet.setByte(icmp, type);
    packet.setByte(icmp + 1, code);
    packet.setInt(icmp + 4, 0);
    packet.setBytes(icmp + 8, quote, quote.readerIndex(), quote.readableBytes());
    return finishIcmp(packet, from, to, protocol, length);
  }

  /**
   * A destination unreachable (ICMP or ICMPv6, as {@code from}) for {@code why}, quoting {@code
   * quote} (not consumed).
   */
  public ByteBuf unreachable(IpAddress from, IpAddress to, ByteBuf quote, Icmp.Unreachable why) {
    return icmpError(from, to, quote, why.type(from.v6()), why.code(from.v6()));
  }

  /** An ICMP echo reply (v4 or v6) to {@code request}, whose ICMP message starts the payload. */
  public ByteBuf echoReply(IpPacket request, ByteBuf buf) {
    int identifier = buf.getUnsignedShort(request.payloadOffset() + 4);
    ByteBuf message = buf.slice(request.payloadOffset(), request.payloadLength());
    return echoReply(request.destination(), request.source(), identifier, message);
  }

  /**
   * An echo reply from {@code from} to {@code to} made of {@code message} (an echo message, header
   * first; not consumed) with its type made {@code from}'s version's echo reply and its identifier
   * made {@code identifier}; the sequence number and data stay as they are. This is how a reply
   * that came back to a host ICMP socket, which put its own identifier in, returns to the command.
   */
  public ByteBuf echoReply(IpAddress from, IpAddress to, int identifier, ByteBuf message) {
    int length = message.readableBytes();
    int protocol = from.v6() ? IpPacket.ICMPV6 : IpPacket.ICMP;
    ByteBuf packet = start(from, to, protocol, length, length, -1);
    int icmp = transportOffset(from);
    packet.setBytes(icmp, message, message.readerIndex(), length);
    packet.setByte(icmp, Icmp.echoReply(from.v6()));
    packet.setByte(icmp + 1, 0);
    packet.setShort(icmp + 4, identifier);
    return finishIcmp(packet, from, to, protocol, length);
  }

  /** Where the transport header starts in a packet sent from {@code from}. */
  private static int transportOffset(IpAddress from) {
    return VirtioHeader.LENGTH + (from.v6() ? IpPacket.IPV6_HEADER : IpPacket.IPV4_HEADER);
  }

  /**
   * A packet with its virtio and IP headers written and room for {@code headerRoom} bytes of
   * transport header, announcing {@code payloadLength} bytes after the IP header. With {@code
   * checksumOffset} >= 0 the transport checksum at that offset is left partial for the kernel.
   */
  private ByteBuf start(IpAddress from, IpAddress to, int protocol, int headerRoom, int payloadLength,
      int checksumOffset) {
    int transport = transportOffset(from);
    int size = transport + headerRoom;
    ByteBuf packet = size <= HeaderBuffers.SIZE ? headers.take() : allocator.directBuffer(size);
    if (checksumOffset >= 0) {
      VirtioHeader.writePartialChecksum(packet, 0, transport - VirtioHeader.LENGTH, checksumOffset);
    } else {
      VirtioHeader.writePlain(packet, 0);
    }
    writeIp(packet, VirtioHeader.LENGTH, from, to, protocol, payloadLength);
    return packet;
  }

  /** Computes an ICMP message's checksum (with ICMPv6's pseudo-header) and ends the packet. */
  private static ByteBuf finishIcmp(ByteBuf packet, IpAddress from, IpAddress to, int protocol, int length) {
    int icmp = transportOffset(from);
    packet.setShort(icmp + 2, 0);
    long sum = from.v6() ? Checksum.pseudoHeader(from, to, protocol, length) : 0;
    packet.setShort(icmp + 2, Checksum.finish(Checksum.add(sum, packet, icmp, length)));
    packet.writerIndex(icmp + length);
    return packet;
  }

  private static void writeIp(ByteBuf packet, int ip, IpAddress from, IpAddress to, int protocol, int payloadLength) {
    if (from.v6()) {
      packet.setInt(ip, 0x60000000);
      packet.setShort(ip + 4, payloadLength);
      packet.setByte(ip + 6, protocol);
      packet.setByte(ip + 7, TTL);
      from.write(packet, ip + 8);
      to.write(packet, ip + 24);
      return;
    }
    packet.setByte(ip, 0x45);
    packet.setByte(ip + 1, 0);
    packet.setShort(ip + 2, IpPacket.IPV4_HEADER + payloadLength);
    packet.setInt(ip + 4, 0x00004000); // id 0, don't fragment
    packet.setByte(ip + 8, TTL);
    packet.setByte(ip + 9, protocol);
    packet.setShort(ip + 10, 0);
    from.write(packet, ip + 12);
    to.write(packet, ip + 16);
    packet.setShort(ip + 10, Checksum.finish(Checksum.add(0, packet, ip, IpPacket.IPV4_HEADER)));
  }
}

package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;

/**
 * Writes whole IPv4 or IPv6 packets carrying a TCP segment or a UDP datagram, every checksum
 * computed: unlike the stack's own packets (whose checksums the kernel inside may leave partial),
 * these are read by analysers that flag a bad checksum when asked to validate.
 */
public final class PacketEncoder {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  private static final int TCP = 6;
  private static final int UDP = 17;
  private static final int IPV4_HEADER = 20;
  private static final int TCP_HEADER = 20;
  private static final int UDP_HEADER = 8;
  private static final int TCP_CHECKSUM = 16;
  private static final int UDP_CHECKSUM = 6;
  private static final int TTL = 64;
  private static final int MAX_IP_LENGTH = 0xffff;
  private static final int WINDOW = 0xffff;
  /**
   * The window scale both SYNs announce (RFC 7323 2.3): 65535 << 7, about 8 MiB, stays far ahead
   * of the bytes a side sends between the acknowledgements {@link TcpConversation} synthesizes,
   * so analysers never see a full window.
   */
  private static final int WINDOW_SCALE = 7;
  private static final int SYN_OPTIONS = 4;

  private PacketEncoder() {}

  /** The most data one TCP segment from {@code from} can carry in an IP packet. */
  public static int maxTcpData(Endpoint from) {
    return maxPayload(from) - TCP_HEADER;
  }

  /** The most data one UDP datagram from {@code from} can carry in an IP packet. */
  public static int maxUdpData(Endpoint from) {
    return maxPayload(from) - UDP_HEADER;
  }

  /**
   * Appends a TCP segment with {@code length} bytes of {@code data} from {@code index} (indices
   * untouched). A SYN also carries the window scale option.
   */
  public static void tcp(ByteBuf out, Endpoint from, Endpoint to, int seq, int ack, int flags,
      ByteBuf data, int index, int length) {
    boolean syn = (flags & SYN) != 0;
    int headerLength = TCP_HEADER + (syn ? SYN_OPTIONS : 0);
    int segmentLength = headerLength + length;
    writeIp(out, from, to, TCP, segmentLength);
    int start = out.writerIndex();
    out.writeShort(from.port()).writeShort(to.port()).writeInt(seq).writeInt(ack);
    out.writeByte((headerLength / 4) << 4).writeByte(flags).writeShort(WINDOW);
    out.writeShort(0).writeShort(0); // checksum, urgent pointer
    if (syn) {
      out.writeInt(0x01030300 | WINDOW_SCALE); // NOP, then kind 3 length 3
    }
    out.writeBytes(data, index, length);
    int checksum = transportChecksum(out, start, from, to, TCP, segmentLength);
    out.setShort(start + TCP_CHECKSUM, checksum);
  }

  /** Appends a UDP datagram carrying {@code data}'s readable bytes (indices untouched). */
  public static void udp(ByteBuf out, Endpoint from, Endpoint to, ByteBuf data) {
    int length = UDP_HEADER + data.readableBytes();
    writeIp(out, from, to, UDP, length);
    int start = out.writerIndex();
    out.writeShort(from.port()).writeShort(to.port()).writeShort(length).writeShort(0);
    out.writeBytes(data, data.readerIndex(), data.readableBytes());
    int checksum = transportChecksum(out, start, from, to, UDP, length);
    // A computed 0 goes out as its other form: 0 means "no checksum" (RFC 768, RFC 8200 8.1).
    out.setShort(start + UDP_CHECKSUM, checksum == 0 ? 0xffff : checksum);
  }

  private static int maxPayload(Endpoint from) {
    return from.v6() ? MAX_IP_LENGTH : MAX_IP_LENGTH - IPV4_HEADER;
  }

  private static int transportChecksum(ByteBuf out, int start, Endpoint from, Endpoint to,
      int protocol, int length) {
    // The pseudo-header (RFC 9293 3.1, RFC 8200 8.1): addresses, protocol and length.
    long sum = from.addressSum() + to.addressSum() + protocol + length;
    return InternetChecksum.finish(InternetChecksum.add(sum, out, start, length));
  }

  private static void writeIp(ByteBuf out, Endpoint from, Endpoint to, int protocol, int payloadLength) {
    if (from.v6()) {
      out.writeInt(0x60000000).writeShort(payloadLength).writeByte(protocol).writeByte(TTL);
      from.writeAddress(out);
      to.writeAddress(out);
      return;
    }
    int start = out.writerIndex();
    out.writeByte(0x45).writeByte(0).writeShort(IPV4_HEADER + payloadLength);
    out.writeInt(0x00004000); // identification 0, don't fragment (RFC 6864 4.1)
    out.writeByte(TTL).writeByte(protocol).writeShort(0);
    from.writeAddress(out);
    to.writeAddress(out);
    out.setShort(start + 10, InternetChecksum.finish(InternetChecksum.add(0, out, start, IPV4_HEADER)));
  }
}

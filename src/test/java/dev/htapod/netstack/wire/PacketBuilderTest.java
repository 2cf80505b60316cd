package dev.htapod.netstack.wire;

import static dev.htapod.netstack.StackUnderTest.CLIENT4;
import static dev.htapod.netstack.StackUnderTest.CLIENT6;
import static dev.htapod.netstack.StackUnderTest.SERVER4;
import static dev.htapod.netstack.StackUnderTest.SERVER6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.RecordingSink;
import dev.htapod.netstack.ReferenceChecksum;
import dev.htapod.netstack.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the stack writes parses back to what it was asked to write. {@link Outgoing} completes the
 * partial TCP and UDP checksums as the kernel inside would, and checks every checksum on its own.
 */
class PacketBuilderTest {
  private final TrackingAllocator allocator = new TrackingAllocator();
  private final PacketBuilder builder = new PacketBuilder(allocator, 0);
  private final RecordingSink sink = new RecordingSink();

  @AfterEach
  void headersAreTheCallersToFree() {
    assertThat(allocator.unreleased()).isEmpty();
    assertThat(builder.headersInUse()).isZero();
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void aTcpSegmentReparsesToWhatWasAsked(boolean v6) {
    byte[] data = Bytes.pattern(300);
    ByteBuf headers = builder.tcp(v6 ? SERVER6 : SERVER4, 443, v6 ? CLIENT6 : CLIENT4, 40000,
        0xfffffffe, 12345, TcpSegment.SYN | TcpSegment.ACK, 0xabcd, 1460, 7, data.length);

    Outgoing segment = send(headers, data);

    assertThat(segment.ip().source()).isEqualTo(v6 ? SERVER6 : SERVER4);
    assertThat(segment.ip().destination()).isEqualTo(v6 ? CLIENT6 : CLIENT4);
    assertThat(segment.ip().hopLimit()).isEqualTo(64);
    TcpSegment tcp = segment.tcp();
    assertThat(tcp).isEqualTo(new TcpSegment(443, 40000, 0xfffffffe, 12345, TcpSegment.SYN | TcpSegment.ACK,
        0xabcd, tcp.dataOffset(), 300, 1460, 7));
    assertThat(segment.payload()).isEqualTo(data);
  }

  @Test
  void theTcpChecksumIsLeftPartialForTheKernelInside() {
    ByteBuf headers = builder.tcp(SERVER4, 443, CLIENT4, 40000, 1, 2, TcpSegment.ACK, 100, -1, -1, 0);
    byte[] bytes = new byte[headers.readableBytes()];
    headers.getBytes(0, bytes);
    headers.release();

    // virtio_net_hdr: NEEDS_CSUM, then csum_start (from the IP header) and csum_offset, little-endian.
    assertThat(bytes[0]).isEqualTo((byte) VirtioHeader.NEEDS_CSUM);
    assertThat(Arrays.copyOfRange(bytes, 6, 10)).isEqualTo(new byte[] {20, 0, 16, 0});
    byte[] pseudoHeader = KnownPackets.bytes("5d b8 d8 22 0a 00 02 64 00 06 00 14");
    int partial = ((bytes[10 + 20 + 16] & 0xff) << 8) | (bytes[10 + 20 + 17] & 0xff);
    assertThat(partial).isEqualTo(ReferenceChecksum.sum(pseudoHeader, 0, pseudoHeader.length));
  }

  @Test
  void ipv4HeadersSayDontFragment() {
    Outgoing segment = send(builder.tcp(SERVER4, 443, CLIENT4, 40000, 1, 2, TcpSegment.ACK, 100, -1, -1, 0), null);

    assertThat(segment.bytes()[VirtioHeader.LENGTH + KnownPackets.V4_FRAGMENT]).isEqualTo((byte) 0x40);
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void aUdpDatagramReparsesToWhatWasAsked(boolean v6) {
    byte[] data = Bytes.ascii("an answer");

    Outgoing datagram = send(builder.udp(v6 ? SERVER6 : SERVER4, 53, v6 ? CLIENT6 : CLIENT4, 5353,
        Unpooled.wrappedBuffer(data)), null);

    assertThat(datagram.udp().sourcePort()).isEqualTo(53);
    assertThat(datagram.udp().destinationPort()).isEqualTo(5353);
    assertThat(datagram.payload()).isEqualTo(data);
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void aConnectionsTemplateWritesTheSameHeadersAsBuildingThemDoes(boolean v6) {
    IpAddress from = v6 ? SERVER6 : SERVER4;
    IpAddress to = v6 ? CLIENT6 : CLIENT4;
    TcpHeaders template = builder.tcpHeaders(from, 443, to, 40000);
    int[][] segments = {{1, 2, TcpSegment.ACK, 100, 0}, {0xfffffff0, 0x7fffffff, TcpSegment.ACK | TcpSegment.PSH, 0xffff, 1},
        {-5, 9, TcpSegment.ACK | TcpSegment.FIN, 0, 65480}, {42, 43, TcpSegment.RST, 0, 0}};
    for (int[] s : segments) {
      ByteBuf fromTemplate = template.segment(s[0], s[1], s[2], s[3], s[4]);
      ByteBuf built = builder.tcp(from, 443, to, 40000, s[0], s[1], s[2], s[3], -1, -1, s[4]);
      assertThat(ByteBufUtil.getBytes(fromTemplate)).as("seq %d, %d bytes", s[0], s[4]).isEqualTo(ByteBufUtil.getBytes(built));
      fromTemplate.release();
      built.release();
    }
  }

  /** 90 bytes make a whole IPv4 datagram of 128 with its virtio header: the most a header buffer holds. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {90, 91})
  void aDatagramAtTheEdgeOfAHeaderBufferReparses(int length) {
    byte[] data = Bytes.pattern(length);

    ByteBuf packet = builder.udp(SERVER4, 53, CLIENT4, 5353, Unpooled.wrappedBuffer(data));
    assertThat(packet.maxCapacity() == HeaderBuffers.SIZE).as("in a header buffer").isEqualTo(length == 90);
    Outgoing datagram = send(packet, null);

    assertThat(datagram.bytes()).hasSize(VirtioHeader.LENGTH + IpPacket.IPV4_HEADER + UdpDatagram.HEADER + length);
    assertThat(datagram.payload()).isEqualTo(data);
  }

  @Test
  void anIcmpErrorQuotesTheIpHeaderAndEightBytes() {
    ByteBuf original = KnownPackets.buffer(KnownPackets.IPV4_SYN);
    IpPacket ip = IpPacket.parse(original, 0, original.readableBytes(), new Drops());

    ByteBuf quote = PacketBuilder.quote(ip, original);
    Outgoing error = send(builder.icmpError(SERVER4, CLIENT4, quote, Icmp.V4_UNREACHABLE, Icmp.V4_PORT_UNREACHABLE), null);

    assertThat(error.ip().protocol()).isEqualTo(IpPacket.ICMP);
    assertThat(error.icmpType()).isEqualTo(Icmp.V4_UNREACHABLE);
    assertThat(error.icmpCode()).isEqualTo(Icmp.V4_PORT_UNREACHABLE);
    assertThat(error.icmpQuote()).isEqualTo(Arrays.copyOf(KnownPackets.IPV4_SYN, 28));
  }

  @Test
  void anIcmpv6ErrorQuotesAsMuchAsFitsIn1280Bytes() {
    // RFC 4443 2.4 (c): as much of the packet as fits without the error exceeding the minimum MTU.
    ByteBuf large = builder.udp(CLIENT6, 5353, SERVER6, 53, Unpooled.wrappedBuffer(new byte[2000]));
    IpPacket ip = IpPacket.parse(large, VirtioHeader.LENGTH, large.writerIndex(), new Drops());

    ByteBuf quote = PacketBuilder.quote(ip, large);
    Outgoing error = send(builder.icmpError(SERVER6, CLIENT6, quote, Icmp.V6_UNREACHABLE, Icmp.V6_PORT_UNREACHABLE), null);
    large.release();

    assertThat(error.ip().protocol()).isEqualTo(IpPacket.ICMPV6);
    assertThat(error.bytes().length - VirtioHeader.LENGTH).isEqualTo(1280);
  }

  @Test
  void aShortPacketIsQuotedWhole() {
    ByteBuf original = KnownPackets.buffer(KnownPackets.IPV6_SYN);
    IpPacket ip = IpPacket.parse(original, 0, original.readableBytes(), new Drops());

    assertThat(PacketBuilder.quote(ip, original).readableBytes()).isEqualTo(KnownPackets.IPV6_SYN.length);
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void anEchoReplyReturnsTheRequestsData(boolean v6) {
    int request = v6 ? Icmp.V6_ECHO_REQUEST : Icmp.V4_ECHO_REQUEST;
    byte[] data = Bytes.pattern(56);
    // An error message is laid out as an echo request with identifier and sequence number 0.
    Outgoing echo = send(builder.icmpError(v6 ? CLIENT6 : CLIENT4, v6 ? SERVER6 : SERVER4,
        Unpooled.wrappedBuffer(data), request, 0), null);
    ByteBuf requestBuf = Unpooled.wrappedBuffer(echo.bytes());

    Outgoing reply = send(builder.echoReply(echo.ip(), requestBuf), null);

    assertThat(reply.ip().source()).isEqualTo(echo.ip().destination());
    assertThat(reply.icmpType()).isEqualTo(v6 ? 129 : 0);
    assertThat(Arrays.copyOfRange(reply.payload(), 4, reply.payload().length))
        .isEqualTo(Arrays.copyOfRange(echo.payload(), 4, echo.payload().length));
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void aRelayedEchoReplyGetsTheCommandsIdentifierBackAndANewChecksum(boolean v6) {
    byte[] data = Bytes.pattern(5, 56);
    // As a host ICMP socket receives it: its own identifier 0xbeef, sequence 0x0102, a checksum
    // for that identifier.
    byte[] message = new byte[8 + data.length];
    message[0] = (byte) Icmp.echoReply(v6);
    message[2] = (byte) 0x5a;
    message[3] = (byte) 0xa5;
    message[4] = (byte) 0xbe;
    message[5] = (byte) 0xef;
    message[6] = 1;
    message[7] = 2;
    System.arraycopy(data, 0, message, 8, data.length);

    Outgoing reply = send(builder.echoReply(v6 ? SERVER6 : SERVER4, v6 ? CLIENT6 : CLIENT4, 0x1234,
        Unpooled.wrappedBuffer(message)), null);

    // Outgoing has verified the checksum (with ICMPv6's pseudo-header) against ReferenceChecksum.
    assertThat(reply.ip().protocol()).isEqualTo(v6 ? IpPacket.ICMPV6 : IpPacket.ICMP);
    assertThat(reply.ip().source()).isEqualTo(v6 ? SERVER6 : SERVER4);
    assertThat(reply.ip().destination()).isEqualTo(v6 ? CLIENT6 : CLIENT4);
    assertThat(reply.icmpType()).isEqualTo(v6 ? 129 : 0);
    byte[] icmp = reply.payload();
    assertThat(Arrays.copyOfRange(icmp, 4, 8)).containsExactly(0x12, 0x34, 1, 2);
    assertThat(Arrays.copyOfRange(icmp, 8, icmp.length)).isEqualTo(data);
  }

  /** Hands {@code headers} and {@code data} to the device, as the stack would. */
  private Outgoing send(ByteBuf headers, byte[] data) {
    sink.send(headers, data == null ? null : Unpooled.wrappedBuffer(data));
    return sink.takeOnly();
  }
}

package dev.htapod.netstack;

import static dev.htapod.netstack.wire.KnownPackets.IPV4_SYN;
import static dev.htapod.netstack.wire.KnownPackets.IPV4_UDP;
import static dev.htapod.netstack.wire.KnownPackets.IPV6_SYN;
import static dev.htapod.netstack.wire.KnownPackets.V4_CHECKSUM;
import static dev.htapod.netstack.wire.KnownPackets.V4_FRAGMENT;
import static dev.htapod.netstack.wire.KnownPackets.V4_PROTOCOL;
import static dev.htapod.netstack.wire.KnownPackets.onDevice;
import static dev.htapod.netstack.wire.KnownPackets.with;
import static dev.htapod.netstack.wire.KnownPackets.withV4Header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Packets from the device: validated, counted when dropped, handed to TCP, UDP or ICMP. */
class NetworkStackTest {
  /** Fields of the TCP header in {@code IPV4_SYN} and of the UDP header in {@code IPV4_UDP}. */
  private static final int TCP_LENGTH = 20 + 12;
  private static final int TCP_CHECKSUM = 20 + 16;
  private static final int UDP_LENGTH = 20 + 4;
  private static final int UDP_CHECKSUM = 20 + 6;

  @RegisterExtension final StackUnderTest stack = new StackUnderTest();

  static Stream<Arguments> dropped() {
    byte[] shortIcmp = withV4Header(shortened(IPV4_SYN, 20 + 4), V4_PROTOCOL, IpPacket.ICMP);
    return Stream.of(
        Arguments.of("shorter than the virtio header", new byte[VirtioHeader.LENGTH - 1], Drops.Reason.TRUNCATED),
        Arguments.of("a virtio header alone", new byte[VirtioHeader.LENGTH], Drops.Reason.TRUNCATED),
        Arguments.of("version 5", onDevice(0, with(IPV4_SYN, 0, 0x55)), Drops.Reason.BAD_VERSION),
        Arguments.of("bad IPv4 header checksum", onDevice(0, with(IPV4_SYN, V4_CHECKSUM, 0, 0)), Drops.Reason.BAD_CHECKSUM),
        Arguments.of("an IPv4 fragment", onDevice(0, withV4Header(IPV4_SYN, V4_FRAGMENT, 0x20, 0)), Drops.Reason.FRAGMENT),
        Arguments.of("bad TCP checksum", onDevice(0, with(IPV4_SYN, TCP_CHECKSUM, 0, 0)), Drops.Reason.BAD_CHECKSUM),
        Arguments.of("a TCP header past the segment", trusted(with(IPV4_SYN, TCP_LENGTH, 0xf0)), Drops.Reason.TRUNCATED),
        Arguments.of("a TCP header under 20 bytes", trusted(with(IPV4_SYN, TCP_LENGTH, 0x40)), Drops.Reason.TRUNCATED),
        Arguments.of("a TCP segment under 20 bytes", trusted(shortened(IPV4_SYN, 20 + 19)), Drops.Reason.TRUNCATED),
        Arguments.of("bad UDP checksum", onDevice(0, with(IPV4_UDP, UDP_CHECKSUM, 0x12, 0x34)), Drops.Reason.BAD_CHECKSUM),
        Arguments.of("a UDP length past the packet", trusted(with(IPV4_UDP, UDP_LENGTH, 0, 14)), Drops.Reason.TRUNCATED),
        Arguments.of("a UDP length under 8", trusted(with(IPV4_UDP, UDP_LENGTH, 0, 7)), Drops.Reason.TRUNCATED),
        Arguments.of("a UDP datagram under 8 bytes", trusted(shortened(IPV4_UDP, 20 + 7)), Drops.Reason.TRUNCATED),
        Arguments.of("GRE", onDevice(0, withV4Header(IPV4_SYN, V4_PROTOCOL, 47)), Drops.Reason.UNSUPPORTED),
        Arguments.of("ICMP shorter than its header", onDevice(0, shortIcmp), Drops.Reason.TRUNCATED));
  }

  /** The first {@code length} bytes of an IPv4 packet, its total length and checksum made to fit. */
  private static byte[] shortened(byte[] packet, int length) {
    return withV4Header(Arrays.copyOf(packet, length), 2, length >>> 8, length & 0xff);
  }

  /** On the device with NEEDS_CSUM, as the kernel inside sends: no checksum is checked. */
  private static byte[] trusted(byte[] ip) {
    return onDevice(VirtioHeader.NEEDS_CSUM, ip);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dropped")
  void dropsAndCounts(String what, byte[] packet, Drops.Reason reason) {
    stack.receiveBytes(packet);
    stack.network.flush();

    assertThat(stack.drops.count(reason)).isEqualTo(1);
    assertThat(stack.drops.total()).isEqualTo(1);
    assertThat(stack.sink.isEmpty()).isTrue();
    assertThat(stack.tcpOpened).isEmpty();
    assertThat(stack.udpOpened).isEmpty();
  }

  @Test
  void aSynWhoseChecksumVerifiesOpensAConnection() {
    stack.receiveBytes(onDevice(0, IPV4_SYN));

    assertThat(stack.lastTcpOpened().key())
        .isEqualTo(new FlowKey(StackUnderTest.CLIENT4, 40000, StackUnderTest.SERVER4, 443));
  }

  @Test
  void anIpv6SynOpensAConnection() {
    stack.receiveBytes(onDevice(0, IPV6_SYN));

    assertThat(stack.lastTcpOpened().key().client().v6()).isTrue();
  }

  @Test
  void aChecksumTheKernelVouchesForIsNotChecked() {
    stack.receiveBytes(onDevice(VirtioHeader.DATA_VALID, with(IPV4_SYN, TCP_CHECKSUM, 0, 0)));

    assertThat(stack.tcpOpened).hasSize(1);
    assertThat(stack.drops.total()).isZero();
  }

  @Test
  void aDatagramOpensAUdpFlow() {
    stack.receiveBytes(onDevice(0, IPV4_UDP));

    assertThat(stack.lastUdpOpened().key().serverPort()).isEqualTo(53);
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void anEchoRequestToTheGatewayIsAnswered(boolean v6) {
    IpAddress client = v6 ? StackUnderTest.CLIENT6 : StackUnderTest.CLIENT4;
    IpAddress gateway = v6 ? StackUnderTest.GATEWAY6 : StackUnderTest.GATEWAY4;
    byte[] data = Bytes.pattern(56);

    stack.receive(stack.client(client, 0, gateway, 0).echoRequest(data));

    Outgoing reply = stack.sink.takeOnly();
    assertThat(reply.ip().source()).isEqualTo(gateway);
    assertThat(reply.ip().destination()).isEqualTo(client);
    assertThat(reply.icmpType()).isEqualTo(v6 ? 129 : 0);
    assertThat(Arrays.copyOfRange(reply.payload(), 8, reply.payload().length)).isEqualTo(data);
  }

  @Test
  void anEchoRequestToAnyoneElseOpensAnEchoFlowAndIsNotAnsweredHere() {
    stack.receive(stack.client(StackUnderTest.CLIENT4, 0, StackUnderTest.SERVER4, 0).echoRequest(new byte[8]));

    assertThat(stack.sink.isEmpty()).isTrue();
    assertThat(stack.lastEchoOpened().key().server()).isEqualTo(StackUnderTest.SERVER4);
    assertThat(stack.drops.total()).isZero();
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void anEchoRequestWithABadChecksumIsDropped(boolean v6) {
    IpAddress client = v6 ? StackUnderTest.CLIENT6 : StackUnderTest.CLIENT4;
    IpAddress server = v6 ? StackUnderTest.SERVER6 : StackUnderTest.SERVER4;
    ByteBuf request = stack.client(client, 0, server, 0).echoRequest(7, 1, Bytes.pattern(56));
    int lastByte = request.writerIndex() - 1;
    request.setByte(lastByte, request.getByte(lastByte) ^ 1);

    stack.receive(request);

    assertThat(stack.echoOpened).isEmpty();
    assertThat(stack.drops.count(Drops.Reason.BAD_CHECKSUM)).isEqualTo(1);
  }

  @Test
  void otherIcmpToTheGatewayIsDropped() {
    stack.receive(stack.builder.icmpError(StackUnderTest.CLIENT4, StackUnderTest.GATEWAY4,
        Unpooled.wrappedBuffer(new byte[28]), Icmp.V4_UNREACHABLE, 0));

    assertThat(stack.sink.isEmpty()).isTrue();
    assertThat(stack.drops.count(Drops.Reason.UNSUPPORTED)).isEqualTo(1);
  }
}

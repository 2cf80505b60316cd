package dev.htapod.netstack.wire;

import static dev.htapod.netstack.wire.KnownPackets.IPV4_SYN;
import static dev.htapod.netstack.wire.KnownPackets.IPV6_SYN;
import static dev.htapod.netstack.wire.KnownPackets.V4_CHECKSUM;
import static dev.htapod.netstack.wire.KnownPackets.V4_FRAGMENT;
import static dev.htapod.netstack.wire.KnownPackets.with;
import static dev.htapod.netstack.wire.KnownPackets.withV4Header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.StackUnderTest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class IpPacketTest {
  private final Drops drops = new Drops();

  @Test
  void parsesAnIpv4Header() {
    IpPacket ip = parse(IPV4_SYN);

    assertThat(ip).isEqualTo(
        new IpPacket(false, IpPacket.TCP, StackUnderTest.CLIENT4, StackUnderTest.SERVER4, 64, 0, 20, 40));
    assertThat(ip.end()).isEqualTo(60);
  }

  @Test
  void parsesAnIpv6Header() {
    IpPacket ip = parse(IPV6_SYN);

    assertThat(ip).isEqualTo(new IpPacket(true, IpPacket.TCP,
        StackUnderTest.address("fd00::100"), StackUnderTest.address("2001:db8::1"), 64, 0, 40, 28));
  }

  @Test
  void ipv4OptionsMoveThePayload() {
    byte[] withOptions = new byte[IPV4_SYN.length + 4];
    System.arraycopy(IPV4_SYN, 0, withOptions, 0, 20);
    withOptions[20] = 1; // NOP NOP NOP, end of options
    withOptions[21] = 1;
    withOptions[22] = 1;
    System.arraycopy(IPV4_SYN, 20, withOptions, 24, 40);

    IpPacket ip = parse(withV4Header(withOptions, 0, 0x46, 0x00, 0x00, 64));

    assertThat(ip.payloadOffset()).isEqualTo(24);
    assertThat(ip.payloadLength()).isEqualTo(40);
  }

  @Test
  void bytesPastTheTotalLengthAreNotPayload() {
    IpPacket ip = parse(Arrays.copyOf(IPV4_SYN, IPV4_SYN.length + 6));

    assertThat(ip.end()).isEqualTo(IPV4_SYN.length);
  }

  @Test
  void dontFragmentAloneIsNoFragment() {
    assertThat(IPV4_SYN[V4_FRAGMENT]).isEqualTo((byte) 0x40);
    assertThat(parse(IPV4_SYN)).isNotNull();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("nothing at all", new byte[0], Drops.Reason.TRUNCATED),
        Arguments.of("version 5", with(IPV4_SYN, 0, 0x55), Drops.Reason.BAD_VERSION),
        Arguments.of("version 0", with(IPV4_SYN, 0, 0x05), Drops.Reason.BAD_VERSION),
        Arguments.of("IPv4 header cut short", Arrays.copyOf(IPV4_SYN, 19), Drops.Reason.TRUNCATED),
        Arguments.of("header length under 20", withV4Header(IPV4_SYN, 0, 0x44), Drops.Reason.TRUNCATED),
        Arguments.of("total length under the header", withV4Header(IPV4_SYN, 2, 0, 16), Drops.Reason.TRUNCATED),
        Arguments.of("total length past the bytes", withV4Header(IPV4_SYN, 2, 0, 61), Drops.Reason.TRUNCATED),
        Arguments.of("bad header checksum", with(IPV4_SYN, V4_CHECKSUM, 0xdc, 0x38), Drops.Reason.BAD_CHECKSUM),
        Arguments.of("more fragments", withV4Header(IPV4_SYN, V4_FRAGMENT, 0x20, 0x00), Drops.Reason.FRAGMENT),
        Arguments.of("a later fragment", withV4Header(IPV4_SYN, V4_FRAGMENT, 0x40, 0x01), Drops.Reason.FRAGMENT),
        Arguments.of("IPv6 header cut short", Arrays.copyOf(IPV6_SYN, 39), Drops.Reason.TRUNCATED),
        Arguments.of("IPv6 payload past the bytes", with(IPV6_SYN, 4, 0, 29), Drops.Reason.TRUNCATED),
        Arguments.of("IPv6 hop-by-hop options", with(IPV6_SYN, 6, 0), Drops.Reason.UNSUPPORTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void dropsAndCounts(String what, byte[] packet, Drops.Reason reason) {
    assertThat(parse(packet)).isNull();

    assertThat(drops.count(reason)).isEqualTo(1);
    assertThat(drops.total()).isEqualTo(1);
  }

  private IpPacket parse(byte[] packet) {
    return IpPacket.parse(KnownPackets.buffer(packet), 0, packet.length, drops);
  }
}

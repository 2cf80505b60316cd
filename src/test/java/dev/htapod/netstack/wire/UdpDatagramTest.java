package dev.htapod.netstack.wire;

import static dev.htapod.netstack.wire.KnownPackets.IPV4_UDP;
import static dev.htapod.netstack.wire.KnownPackets.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.ClientPackets;
import dev.htapod.netstack.ReferenceChecksum;
import dev.htapod.netstack.StackUnderTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
  /** Where the UDP header starts in {@link KnownPackets#IPV4_UDP}. */
  private static final int UDP = 20;

  private final Drops drops = new Drops();

  @Test
  void parsesADatagram() {
    assertThat(ReferenceChecksum.transportVerifies(IPV4_UDP, 0)).isTrue();

    UdpDatagram datagram = parse(IPV4_UDP, false);

    assertThat(datagram).isEqualTo(new UdpDatagram(5353, 53, 28, 5));
    assertThat(Arrays.copyOfRange(IPV4_UDP, 28, 33)).isEqualTo(Bytes.ascii("hello"));
  }

  @Test
  void overIpv4AZeroChecksumMeansNone() {
    assertThat(parse(with(IPV4_UDP, UDP + 6, 0, 0), false)).isNotNull();
  }

  @Test
  void overIpv6AZeroChecksumIsWrong() {
    // RFC 8200 8.1: IPv6 receivers discard UDP packets with a zero checksum.
    byte[] ip = Bytes.ipPacket(new ClientPackets(new PacketBuilder(UnpooledByteBufAllocator.DEFAULT),
        StackUnderTest.CLIENT6, 5353, StackUnderTest.SERVER6, 53).udp(Bytes.ascii("hello")));

    assertThat(parse(with(ip, 40 + 6, 0, 0), false)).isNull();
    assertThat(drops.count(Drops.Reason.BAD_CHECKSUM)).isEqualTo(1);
  }

  @Test
  void theUdpLengthDecidesWhereTheDataEnds() {
    assertThat(parse(with(IPV4_UDP, UDP + 4, 0, 11), true).dataLength()).isEqualTo(3);
  }

  private UdpDatagram parse(byte[] packet, boolean trusted) {
    ByteBuf buf = KnownPackets.buffer(packet);
    IpPacket ip = IpPacket.parse(buf, 0, packet.length, drops);
    assertThat(ip).isNotNull();
    return UdpDatagram.parse(buf, ip, trusted, drops);
  }
}

package dev.htapod.netstack.wire;

import static dev.htapod.netstack.wire.KnownPackets.IPV4_SYN;
import static dev.htapod.netstack.wire.KnownPackets.IPV6_SYN;
import static dev.htapod.netstack.wire.KnownPackets.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.ClientPackets;
import dev.htapod.netstack.ReferenceChecksum;
import dev.htapod.netstack.StackUnderTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {
  /** Where the TCP header starts in {@link KnownPackets#IPV4_SYN}. */
  private static final int TCP = 20;
  /** The known SYN with its window one higher and its checksum as it was. */
  private static final byte[] WINDOW_CHANGED = with(IPV4_SYN, TCP + 14, 0xfa, 0xf1);

  private static final ClientPackets CLIENT = new ClientPackets(
      new PacketBuilder(UnpooledByteBufAllocator.DEFAULT), StackUnderTest.CLIENT4, 1, StackUnderTest.SERVER4, 2);

  private final Drops drops = new Drops();

  @Test
  void theKnownSynsChecksumsAreRight() {
    assertThat(ReferenceChecksum.ipv4HeaderVerifies(IPV4_SYN, 0)).isTrue();
    assertThat(ReferenceChecksum.transportVerifies(IPV4_SYN, 0)).isTrue();
    assertThat(ReferenceChecksum.transportVerifies(IPV6_SYN, 0)).isTrue();
  }

  @Test
  void parsesAnIpv4SynWithItsOptions() {
    TcpSegment syn = parse(IPV4_SYN, false);

    assertThat(syn).isEqualTo(new TcpSegment(40000, 443, 0xfffffff0, 0, TcpSegment.SYN, 64240, 60, 0, 1460, 7));
    assertThat(syn.sequenceLength()).isEqualTo(1);
    assertThat(drops.total()).isZero();
  }

  @Test
  void parsesAnIpv6Syn() {
    TcpSegment syn = parse(IPV6_SYN, false);

    assertThat(syn).isEqualTo(new TcpSegment(40001, 80, 1, 0, TcpSegment.SYN, 0xffff, 68, 0, 1420, 9));
  }

  @Test
  void aBadChecksumIsDroppedUnlessTheVirtioHeaderVouchesForIt() {
    assertThat(parse(WINDOW_CHANGED, false)).isNull();
    assertThat(drops.count(Drops.Reason.BAD_CHECKSUM)).isEqualTo(1);

    assertThat(parse(WINDOW_CHANGED, true).window()).isEqualTo(64241);
  }

  @Test
  void optionsAreReadOnlyFromASyn() {
    TcpSegment ack = parse(with(IPV4_SYN, TCP + 13, TcpSegment.ACK), true);

    assertThat(ack.mss()).isEqualTo(-1);
    assertThat(ack.windowScale()).isEqualTo(-1);
  }

  @Test
  void aMalformedOptionEndsTheOptions() {
    TcpSegment syn = parse(with(IPV4_SYN, TCP + 24, 4, 0), true); // SACK permitted, length 0

    assertThat(syn.mss()).as("before the bad option").isEqualTo(1460);
    assertThat(syn.windowScale()).as("after it").isEqualTo(-1);
  }

  @Test
  void aWindowScaleOver14IsTakenAs14() {
    // RFC 7323 2.3: a shift count over 14 is logged and used as 14.
    byte[] syn = Bytes.ipPacket(CLIENT.syn(0, 0xffff, -1, 15));

    assertThat(parse(syn, true).windowScale()).isEqualTo(14);
  }

  @Test
  void dataAndFinTakeSequenceSpace() {
    TcpSegment segment = new TcpSegment(1, 2, 0, 0, TcpSegment.FIN | TcpSegment.ACK, 0, 40, 100, -1, -1);

    assertThat(segment.sequenceLength()).isEqualTo(101);
  }

  private TcpSegment parse(byte[] packet, boolean trusted) {
    ByteBuf buf = KnownPackets.buffer(packet);
    IpPacket ip = IpPacket.parse(buf, 0, packet.length, drops);
    assertThat(ip).isNotNull();
    return TcpSegment.parse(buf, ip, trusted, drops);
  }
}

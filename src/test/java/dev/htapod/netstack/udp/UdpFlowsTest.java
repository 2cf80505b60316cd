package dev.htapod.netstack.udp;

import static dev.htapod.netstack.Bytes.ascii;
import static dev.htapod.netstack.StackUnderTest.CLIENT4;
import static dev.htapod.netstack.StackUnderTest.CLIENT6;
import static dev.htapod.netstack.StackUnderTest.SERVER4;
import static dev.htapod.netstack.StackUnderTest.SERVER6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.ClientPackets;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import dev.htapod.netstack.wire.Icmp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** UDP flows: opened through the forwarder, queued until attached, answered, ended when idle. */
class UdpFlowsTest {
  private static final int PORT = 5353;

  @RegisterExtension final StackUnderTest stack = new StackUnderTest();
  private final ClientPackets client = stack.client(CLIENT4, PORT, SERVER4, 53);
  private final RecordingUdpPeer peer = new RecordingUdpPeer();

  @Test
  void theFirstDatagramOpensAFlowThroughTheForwarderAndLaterOnesJoinIt() {
    stack.receive(client.udp(ascii("one")));
    stack.receive(client.udp(ascii("two")));

    assertThat(stack.udpOpened).hasSize(1);
    assertThat(stack.lastUdpOpened().key()).isEqualTo(new FlowKey(CLIENT4, PORT, SERVER4, 53));
    assertThat(stack.udp.size()).isEqualTo(1);
  }

  @Test
  void datagramsThatArriveBeforeAttachWaitAndComeInOrder() {
    stack.receive(client.udp(ascii("one")));
    stack.receive(client.udp(ascii("two")));
    UdpFlow flow = stack.lastUdpOpened();

    flow.attach(peer);
    stack.receive(client.udp(ascii("three")));

    assertThat(peer.datagrams()).containsExactly(ascii("one"), ascii("two"), ascii("three"));
    assertThat(flow.datagramsOut()).isEqualTo(3);
    assertThat(flow.bytesOut()).isEqualTo(11);
  }

  @Test
  void onlyAFewDatagramsWaitForAPeer() {
    for (int i = 0; i < 100; i++) {
      stack.receive(client.udp(new byte[] {(byte) i}));
    }

    stack.lastUdpOpened().attach(peer);

    assertThat(peer.datagrams()).hasSize(64);
    assertThat(peer.datagrams().get(63)).containsExactly(63);
  }

  @Test
  void aReplyGoesBackToTheClientFromTheAddressItSentTo() {
    stack.receive(client.udp(ascii("query")));
    UdpFlow flow = stack.lastUdpOpened();

    flow.reply(stack.bytes(ascii("answer")));

    Outgoing reply = stack.sink.takeOnly();
    assertThat(reply.ip().source()).isEqualTo(SERVER4);
    assertThat(reply.ip().destination()).isEqualTo(CLIENT4);
    assertThat(reply.udp().sourcePort()).isEqualTo(53);
    assertThat(reply.udp().destinationPort()).isEqualTo(PORT);
    assertThat(reply.payload()).isEqualTo(ascii("answer"));
    assertThat(flow.datagramsIn()).isEqualTo(1);
    assertThat(flow.bytesIn()).isEqualTo(6);
  }

  @Test
  void overIpv6TooAReplyGoesBack() {
    stack.receive(stack.client(CLIENT6, PORT, SERVER6, 53).udp(ascii("query")));

    stack.lastUdpOpened().reply(stack.bytes(ascii("answer")));

    Outgoing reply = stack.sink.takeOnly();
    assertThat(reply.ip().v6()).isTrue();
    assertThat(reply.payload()).isEqualTo(ascii("answer"));
  }

  @Test
  void aFlowWithoutTrafficEndsAfterTheIdleTimeout() {
    stack.receive(client.udp(ascii("query")));
    stack.lastUdpOpened().attach(peer);

    stack.timers.advance(StackUnderTest.UDP_IDLE.minusMillis(1));
    assertThat(stack.udp.size()).isEqualTo(1);
    stack.timers.advanceMillis(1);

    assertThat(stack.udp.size()).isZero();
    assertThat(peer.wasClosed()).isTrue();
  }

  @Test
  void trafficEitherWayKeepsAFlowAlive() {
    stack.receive(client.udp(ascii("query")));
    UdpFlow flow = stack.lastUdpOpened();
    flow.attach(peer);

    stack.timers.advanceMillis(40_000);
    flow.reply(stack.bytes(ascii("answer")));
    stack.timers.advanceMillis(40_000);
    stack.receive(client.udp(ascii("again")));
    stack.timers.advanceMillis(59_999);
    assertThat(stack.udp.size()).isEqualTo(1);

    stack.timers.advanceMillis(1);
    assertThat(stack.udp.size()).isZero();
  }

  @Test
  void anUnreachableDestinationIsAnIcmpPortUnreachableQuotingTheLastDatagram() {
    stack.receive(client.udp(ascii("first")));
    stack.receive(client.udp(ascii("last")));
    UdpFlow flow = stack.lastUdpOpened();
    flow.attach(peer);

    flow.unreachable(Icmp.Unreachable.PORT);

    Outgoing error = stack.sink.takeOnly();
    assertThat(error.ip().source()).isEqualTo(SERVER4);
    assertThat(error.icmpType()).isEqualTo(Icmp.V4_UNREACHABLE);
    assertThat(error.icmpCode()).isEqualTo(Icmp.V4_PORT_UNREACHABLE);
    byte[] last = Bytes.ipPacket(client.udp(ascii("last")));
    assertThat(error.icmpQuote()).isEqualTo(Arrays.copyOf(last, 28));
    assertThat(stack.udp.size()).isZero();
    assertThat(peer.wasClosed()).isTrue();
  }

  @Test
  void overIpv6AnUnreachablePortIsAnIcmpv6Error() {
    stack.receive(stack.client(CLIENT6, PORT, SERVER6, 53).udp(ascii("query")));

    stack.lastUdpOpened().unreachable(Icmp.Unreachable.PORT);

    Outgoing error = stack.sink.takeOnly();
    assertThat(error.icmpType()).isEqualTo(Icmp.V6_UNREACHABLE);
    assertThat(error.icmpCode()).isEqualTo(Icmp.V6_PORT_UNREACHABLE);
  }

  @Test
  void aClosedFlowSendsNothingMoreAndTheNextDatagramOpensANewOne() {
    stack.receive(client.udp(ascii("query")));
    UdpFlow flow = stack.lastUdpOpened();
    flow.close();

    flow.reply(stack.bytes(ascii("late answer")));
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.receive(client.udp(ascii("again")));

    assertThat(stack.udpOpened).hasSize(2);
  }

  @Test
  void aPeerAttachedToAClosedFlowIsClosedAtOnce() {
    stack.receive(client.udp(ascii("query")));
    UdpFlow flow = stack.lastUdpOpened();
    flow.close();

    flow.attach(peer);

    assertThat(peer.wasClosed()).isTrue();
    assertThat(peer.datagrams()).isEmpty();
  }
}

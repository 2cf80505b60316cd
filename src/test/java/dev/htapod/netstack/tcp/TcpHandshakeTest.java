package dev.htapod.netstack.tcp;

import static dev.htapod.netstack.Bytes.ascii;
import static dev.htapod.netstack.Bytes.pattern;
import static dev.htapod.netstack.StackUnderTest.CLIENT4;
import static dev.htapod.netstack.StackUnderTest.CLIENT6;
import static dev.htapod.netstack.StackUnderTest.SERVER4;
import static dev.htapod.netstack.StackUnderTest.SERVER6;
import static dev.htapod.netstack.wire.TcpSegment.ACK;
import static dev.htapod.netstack.wire.TcpSegment.RST;
import static dev.htapod.netstack.wire.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening a connection: dial first, then SYN-ACK, RST or ICMP as the destination answered. */
class TcpHandshakeTest {
  @RegisterExtension final StackUnderTest stack = new StackUnderTest();
  private final TcpClient client = new TcpClient(stack);

  @Test
  void aSynAsksTheForwarderAndNothingIsSentWhileItDials() {
    TcpConnection connection = client.syn(0xffff, 1460, 7);

    assertThat(connection.key()).isEqualTo(new FlowKey(CLIENT4, TcpClient.PORT, SERVER4, TcpClient.SERVER_PORT));
    assertThat(stack.tcp.size()).isEqualTo(1);
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void acceptAnswersWithASynAckThatCarriesOurMssAndWindowScale() {
    client.syn(0xffff, 1460, 7);
    Outgoing synAck = client.accept();

    assertThat(synAck.tcp().flags()).isEqualTo(SYN | ACK);
    assertThat(synAck.tcp().ack()).isEqualTo(TcpClient.ISN + 1);
    assertThat(synAck.tcp().mss()).isEqualTo(StackUnderTest.MTU - 20 - 20);
    assertThat(synAck.tcp().windowScale()).isEqualTo(TcpReceiver.WINDOW_SCALE);
    assertThat(synAck.tcp().window()).as("a SYN's window is never scaled").isEqualTo(0xffff);
    assertThat(synAck.ip().source()).isEqualTo(SERVER4);
    assertThat(synAck.ip().destination()).isEqualTo(CLIENT4);
    assertThat(synAck.tcp().sourcePort()).isEqualTo(TcpClient.SERVER_PORT);
    assertThat(synAck.tcp().destinationPort()).isEqualTo(TcpClient.PORT);
  }

  @Test
  void aClientThatDoesNotScaleGetsNoWindowScaleOption() {
    client.syn(0xffff, 1460, -1);

    assertThat(client.accept().tcp().windowScale()).isEqualTo(-1);
  }

  @Test
  void overIpv6OurMssLeavesRoomForTheLargerHeader() {
    TcpClient client6 = new TcpClient(stack, CLIENT6, SERVER6);
    client6.syn(0xffff, 1460, 7);

    Outgoing synAck = client6.accept();

    assertThat(synAck.ip().v6()).isTrue();
    assertThat(synAck.tcp().mss()).isEqualTo(StackUnderTest.MTU - 40 - 20);
  }

  @Test
  void overIpv6BytesFlowBothWays() {
    TcpClient client6 = new TcpClient(stack, CLIENT6, SERVER6);
    client6.establish(0xffff, 1440, 7);

    client6.send(ascii("ping"));
    client6.fromDestination(ascii("pong"));

    assertThat(client6.peer.receivedText()).isEqualTo("ping");
    assertThat(stack.sink.take()).extracting(Outgoing::payload).containsExactly(new byte[0], ascii("pong"));
  }

  @Test
  void aRefusedDialIsAResetThatTheSynAccepts() {
    client.syn(0xffff, 1460, 7).refuse();

    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST | ACK);
    assertThat(reset.tcp().ack()).isEqualTo(TcpClient.ISN + 1);
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void anUnreachableDestinationIsAnIcmpErrorQuotingTheSyn() {
    client.syn(0xffff, 1460, 7).unreachable(Icmp.Unreachable.HOST);

    Outgoing error = stack.sink.takeOnly();
    assertThat(error.icmpType()).isEqualTo(Icmp.V4_UNREACHABLE);
    assertThat(error.icmpCode()).isEqualTo(Icmp.V4_HOST_UNREACHABLE);
    assertThat(error.ip().source()).isEqualTo(SERVER4);
    // RFC 792: the IP header and the first 8 bytes of the datagram (ports and sequence number).
    byte[] syn = Bytes.ipPacket(client.packets.syn(TcpClient.ISN, 0xffff, 1460, 7));
    assertThat(error.icmpQuote()).isEqualTo(Arrays.copyOf(syn, 28));
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void overIpv6AnUnreachableDestinationIsAnIcmpv6ErrorQuotingTheWholeSyn() {
    TcpClient client6 = new TcpClient(stack, CLIENT6, SERVER6);
    client6.syn(0xffff, 1460, 7).unreachable(Icmp.Unreachable.PORT);

    Outgoing error = stack.sink.takeOnly();
    assertThat(error.icmpType()).isEqualTo(Icmp.V6_UNREACHABLE);
    assertThat(error.icmpCode()).isEqualTo(Icmp.V6_PORT_UNREACHABLE);
    assertThat(error.icmpQuote()).isEqualTo(Bytes.ipPacket(client6.packets.syn(TcpClient.ISN, 0xffff, 1460, 7)));
  }

  @Test
  void synsRepeatedWhileDialingOpenOneConnection() {
    client.syn(0xffff, 1460, 7);
    client.syn(0xffff, 1460, 7);

    assertThat(stack.tcpOpened).hasSize(1);
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void aRepeatedSynAfterTheSynAckGetsItAgain() {
    client.syn(0xffff, 1460, 7);
    Outgoing synAck = client.accept();

    client.syn(0xffff, 1460, 7);

    assertThat(stack.sink.takeOnly().tcp()).isEqualTo(synAck.tcp());
  }

  @Test
  void anUnansweredSynAckIsResentWithBackoff() {
    client.syn(0xffff, 1460, 7);
    Outgoing synAck = client.accept();

    stack.timers.advanceMillis(199);
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.timers.advanceMillis(1);
    assertThat(stack.sink.takeOnly().tcp()).isEqualTo(synAck.tcp());
    stack.timers.advanceMillis(399);
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.timers.advanceMillis(1);
    assertThat(stack.sink.takeOnly().tcp()).isEqualTo(synAck.tcp());
  }

  @Test
  void aSynAckUnansweredFiveTimesOverIsGivenUpAndTheDestinationReset() {
    client.syn(0xffff, 1460, 7);
    client.accept();

    stack.timers.advanceMillis(200 + 400 + 800 + 1600 + 3200 + 6399);
    assertThat(stack.sink.take()).hasSize(5).allSatisfy(synAck -> assertThat(synAck.has(SYN)).isTrue());
    assertThat(client.connection.isOpen()).isTrue();
    stack.timers.advanceMillis(1);

    assertThat(stack.sink.takeOnly().has(RST)).isTrue();
    assertThat(client.connection.isOpen()).isFalse();
    assertThat(client.peer.wasReset()).isTrue();
  }

  @Test
  void lostSynAcksDoNotLengthenTheFirstWaitForLostData() {
    client.syn(0xffff, 1460, 7);
    client.accept();
    stack.timers.advanceMillis(200 + 400 + 800 + 1600 + 3200); // five SYN-ACKs lost
    stack.sink.take();
    client.ack(0);
    client.fromDestination(pattern(100));
    stack.sink.take(); // lost

    stack.timers.advanceMillis(200);

    assertThat(client.offsetOf(stack.sink.takeOnly())).isZero();
  }

  @Test
  void aNewSynOnAnEstablishedConnectionGetsAChallengeAckAndItsResetEndsTheConnection() {
    client.establish();
    client.send(pattern(10));
    stack.sink.take();

    stack.receive(client.packets.syn(0x12345678, 0xffff, 1460, 7)); // the same port, a new ISN

    Outgoing challenge = stack.sink.takeOnly();
    assertThat(challenge.tcp().flags()).isEqualTo(ACK);
    assertThat(client.ackedIn(challenge)).isEqualTo(10);
    // The client, which knows no such connection, answers with a RST at the acknowledged number.
    stack.receive(client.packets.tcp(TcpClient.ISN + 1 + 10, 0, RST, 0, new byte[0]));
    assertThat(client.connection.isOpen()).isFalse();
  }

  @Test
  void whileDialingOnlyAResetAtTheSequenceAfterTheSynEndsTheConnection() {
    client.syn(0xffff, 1460, 7);

    stack.receive(client.packets.tcp(0x12345678, 0, RST, 0, new byte[0]));
    assertThat(client.connection.isOpen()).as("a RST from nowhere").isTrue();
    stack.receive(client.packets.tcp(TcpClient.ISN + 1, 0, RST, 0, new byte[0]));
    assertThat(client.connection.isOpen()).isFalse();
  }

  @Test
  void aHandshakeAckForSomethingElseIsAnsweredWithAReset() {
    client.syn(0xffff, 1460, 7);
    int wrongAck = client.accept().tcp().seq() + 1000;

    stack.receive(client.packets.tcp(TcpClient.ISN + 1, wrongAck, ACK, 0xffff, new byte[0]));

    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST);
    assertThat(reset.tcp().seq()).isEqualTo(wrongAck);
  }

  @Test
  void dataWithTheHandshakeAckReachesThePeer() {
    client.syn(0xffff, 1460, 7);
    client.accept();

    client.send(ascii("GET / HTTP/1.1\r\n"));

    assertThat(client.peer.receivedText()).isEqualTo("GET / HTTP/1.1\r\n");
    assertThat(client.ackedIn(stack.sink.takeOnly())).isEqualTo(16);
  }

  @Test
  void aPeerThatArrivesAfterTheClientGaveUpIsReset() {
    client.syn(0xffff, 1460, 7);
    client.rst();
    assertThat(stack.tcp.size()).isZero();

    client.connection.accept(client.peer);

    assertThat(client.peer.wasReset()).isTrue();
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void aSynAckOrAckForNoConnectionOpensNothing() {
    ByteBuf synAck = client.packets.tcp(TcpClient.ISN, 1, SYN | ACK, 0xffff, new byte[0]);

    stack.receive(synAck);

    assertThat(stack.tcpOpened).isEmpty();
    List<Outgoing> sent = stack.sink.take();
    assertThat(sent).singleElement().satisfies(reset -> assertThat(reset.tcp().flags()).isEqualTo(RST));
  }
}

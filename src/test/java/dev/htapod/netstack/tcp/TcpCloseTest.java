package dev.htapod.netstack.tcp;

import static dev.htapod.netstack.Bytes.ascii;
import static dev.htapod.netstack.Bytes.pattern;
import static dev.htapod.netstack.wire.TcpSegment.ACK;
import static dev.htapod.netstack.wire.TcpSegment.FIN;
import static dev.htapod.netstack.wire.TcpSegment.PSH;
import static dev.htapod.netstack.wire.TcpSegment.RST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import dev.htapod.netstack.wire.Drops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end of a connection: each side's FIN, resets either way, and segments for no connection. */
class TcpCloseTest {
  private static final byte[] NONE = new byte[0];

  @RegisterExtension final StackUnderTest stack = new StackUnderTest();
  private final TcpClient client = new TcpClient(stack);

  @Test
  void theClientsFinEndsThePeersDataAndIsAcknowledged() {
    client.establish();
    client.send(ascii("bye"));
    stack.sink.take();

    client.fin();

    assertThat(client.peer.receivedText()).isEqualTo("bye");
    assertThat(client.peer.endOfDataSeen()).isTrue();
    assertThat(client.ackedIn(stack.sink.takeOnly())).isEqualTo(4);
  }

  @Test
  void afterTheClientsFinTheDestinationMayStillSend() {
    client.establish();
    client.fin();
    stack.sink.take();

    client.fromDestination(ascii("still here"));

    assertThat(stack.sink.takeOnly().payload()).isEqualTo(ascii("still here"));
    assertThat(stack.tcp.size()).isEqualTo(1);
  }

  @Test
  void aFinAheadOfAGapWaitsForTheClientToSendItAgain() {
    client.establish();

    stack.receive(client.segment(3, FIN | ACK, NONE));
    client.sendAt(0, ascii("abc"));
    assertThat(client.peer.endOfDataSeen()).isFalse();

    stack.receive(client.segment(3, FIN | ACK, NONE));
    assertThat(client.peer.endOfDataSeen()).isTrue();
  }

  @Test
  void endOfInputSendsOurFinAfterTheData() {
    client.establish();
    client.fromDestination(ascii("hello"));

    client.connection.endOfInput();

    List<Outgoing> sent = stack.sink.take();
    assertThat(sent).extracting(client::offsetOf).containsExactly(0, 5);
    assertThat(sent.get(0).payload()).isEqualTo(ascii("hello"));
    assertThat(sent.get(1).tcp().flags()).isEqualTo(ACK | FIN);
  }

  @Test
  void ourFinRidesOnTheLastSegmentWhenTheDataWaitedForTheWindow() {
    client.establish(0xffff, 1460, -1);
    client.window(0);
    client.ack(0);
    client.fromDestination(ascii("hello"));
    client.connection.endOfInput();
    assertThat(stack.sink.isEmpty()).isTrue();

    client.window(0xffff);
    client.ack(0);

    Outgoing last = stack.sink.takeOnly();
    assertThat(last.payload()).isEqualTo(ascii("hello"));
    assertThat(last.tcp().flags()).isEqualTo(ACK | PSH | FIN);
  }

  @Test
  void anUnacknowledgedFinIsResent() {
    client.establish();
    client.connection.endOfInput();
    Outgoing fin = stack.sink.takeOnly();

    stack.timers.advanceMillis(200);

    Outgoing again = stack.sink.takeOnly();
    assertThat(again.tcp().flags()).isEqualTo(ACK | FIN);
    assertThat(again.tcp().seq()).isEqualTo(fin.tcp().seq());
  }

  @Test
  void theConnectionIsForgottenWhenTheClientAcknowledgesOurFinAfterItsOwn() {
    client.establish();
    client.fin();
    client.connection.endOfInput();
    stack.sink.take();
    assertThat(stack.tcp.size()).isEqualTo(1);

    client.ack(1);

    assertThat(stack.tcp.size()).isZero();
    assertThat(client.peer.wasClosed()).isTrue();
    assertThat(client.peer.wasReset()).isFalse();
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void aClosedConnectionLeavesNoTaskScheduledToHoldIt() {
    client.establish();
    client.send(ascii("GET"));
    client.connection.endOfInput(); // our FIN is unacknowledged: the retransmission timer runs
    stack.sink.take();
    assertThat(stack.timers.pending()).isEqualTo(1);

    client.fin();
    client.ack(1);

    assertThat(stack.tcp.size()).isZero();
    assertThat(stack.timers.pending()).isZero();
  }

  @Test
  void whenOurFinWasFirstTheClientsFinIsAcknowledgedBeforeTheConnectionIsForgotten() {
    client.establish();
    client.connection.endOfInput();
    stack.sink.take();
    client.ack(1);
    assertThat(stack.tcp.size()).as("the client may still send").isEqualTo(1);

    stack.network.receive(client.finSegment()); // no flush: the ACK may not wait for the batch

    Outgoing ack = stack.sink.takeOnly();
    assertThat(ack.tcp().flags()).isEqualTo(ACK);
    assertThat(client.ackedIn(ack)).isEqualTo(1);
    assertThat(stack.tcp.size()).isZero();
    assertThat(client.peer.wasClosed()).isTrue();
  }

  @Test
  void aPeerThatEndsTheConnectionOnItsDataHearsNothingOfTheFinThatCameWithIt() {
    client.establish();
    client.peer.afterData = () -> client.connection.abort(); // a name the policy denies

    stack.receive(client.segment(0, ACK | PSH | FIN, ascii("GET / HTTP/1.0\r\nHost: denied.test\r\n\r\n")));

    assertThat(client.connection.isOpen()).isFalse();
    assertThat(client.peer.endOfDataSeen()).isFalse();
    assertThat(client.peer.wasClosed()).isTrue();
  }

  @Test
  void aResetFromTheClientResetsThePeer() {
    client.establish();

    client.rst();

    assertThat(client.peer.wasReset()).isTrue();
    assertThat(client.peer.wasClosed()).isTrue();
    assertThat(stack.tcp.size()).isZero();
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void bytesBeforeAResetInTheSameBatchAreWrittenOutBeforeThePeerIsReset() {
    client.establish();

    stack.receive(client.segment(0, ACK, pattern(0, 100)), client.segment(100, RST, new byte[0]));

    assertThat(client.peer.received()).isEqualTo(pattern(100));
    assertThat(client.peer.batchEndsAtReset()).isEqualTo(1);
  }

  @Test
  void aResetOutsideTheWindowIsIgnored() {
    client.establish();

    stack.receive(client.segment(TcpReceiver.CAPACITY + 100, RST, NONE));

    assertThat(client.peer.wasReset()).isFalse();
    assertThat(stack.tcp.size()).isEqualTo(1);
  }

  @Test
  void abortResetsTheClientAtOurNextSequenceNumber() {
    client.establish();
    client.send(ascii("abc"));
    client.fromDestination(ascii("xy"));
    stack.sink.take();

    client.connection.abort();

    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST | ACK);
    assertThat(client.offsetOf(reset)).isEqualTo(2);
    assertThat(client.ackedIn(reset)).isEqualTo(3);
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void aDestinationsResetComesAfterWhatItSentHasReachedTheClient() {
    client.establish();
    client.fromDestination(ascii("before the reset"));
    assertThat(stack.sink.takeOnly().payload()).isEqualTo(ascii("before the reset"));

    client.connection.abortAfterData();
    assertThat(stack.sink.take()).as("no RST while the bytes are unacknowledged").isEmpty();

    client.ack(16);
    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST | ACK);
    assertThat(client.offsetOf(reset)).isEqualTo(16);
    assertThat(client.connection.bytesToClient()).isEqualTo(16);
    assertThat(client.connection.resetBy()).isEqualTo(TcpConnection.ResetBy.PEER);
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void aDestinationsResetWithNothingUnacknowledgedComesAtOnce() {
    client.establish();
    client.fromDestination(ascii("hi"));
    stack.sink.take();
    client.ack(2);

    client.connection.abortAfterData();

    assertThat(stack.sink.takeOnly().tcp().flags()).isEqualTo(RST | ACK);
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void aConnectionTheCommandHadFinishedWithClosesWhenTheRunEnds() {
    client.establish();
    client.fromDestination(ascii("all of it"));
    stack.sink.take();
    client.ack(9);
    client.fin();
    stack.sink.take();

    stack.tcp.endAll();

    assertThat(stack.sink.take()).as("no RST to a command that had finished").isEmpty();
    assertThat(client.peer.wasReset()).isFalse();
    assertThat(client.peer.wasClosed()).isTrue();
    assertThat(client.connection.resetBy()).isEqualTo(TcpConnection.ResetBy.NONE);
    assertThat(stack.tcp.size()).isZero();
  }

  @Test
  void aConnectionWithBytesTheCommandNeverAcknowledgedIsResetWhenTheRunEnds() {
    client.establish();
    client.fromDestination(ascii("not all of it"));
    stack.sink.take();
    client.fin();
    stack.sink.take();

    stack.tcp.endAll();

    assertThat(stack.sink.takeOnly().tcp().flags()).isEqualTo(RST | ACK);
    assertThat(client.peer.wasReset()).isTrue();
    assertThat(client.connection.resetBy()).isEqualTo(TcpConnection.ResetBy.STACK);
  }

  @Test
  void anAckForNoConnectionIsResetAtTheSequenceNumberItAcknowledged() {
    stack.receive(client.packets.tcp(1000, 5000, ACK, 0xffff, ascii("stray")));

    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST);
    assertThat(reset.tcp().seq()).isEqualTo(5000);
    assertThat(stack.drops.count(Drops.Reason.NO_CONNECTION)).isEqualTo(1);
  }

  @Test
  void aSegmentWithoutAckForNoConnectionIsResetWithAnAckOfAllOfIt() {
    stack.receive(client.packets.tcp(1000, 0, FIN, 0xffff, ascii("stray")));

    Outgoing reset = stack.sink.takeOnly();
    assertThat(reset.tcp().flags()).isEqualTo(RST | ACK);
    assertThat(reset.tcp().ack()).isEqualTo(1000 + 5 + 1);
  }

  @Test
  void aResetForNoConnectionIsDroppedSilently() {
    stack.receive(client.packets.tcp(1000, 0, RST, 0, NONE));

    assertThat(stack.sink.isEmpty()).isTrue();
    assertThat(stack.drops.count(Drops.Reason.NO_CONNECTION)).isEqualTo(1);
  }

  @Test
  void aSegmentAfterTheConnectionEndedIsReset() {
    client.establish();
    client.rst();

    client.send(ascii("late"));

    assertThat(stack.sink.takeOnly().has(RST)).isTrue();
  }
}

package dev.htapod.netstack.tcp;

import static dev.htapod.netstack.Bytes.pattern;
import static dev.htapod.netstack.wire.TcpSegment.ACK;
import static dev.htapod.netstack.wire.TcpSegment.PSH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command's bytes: in order to the peer, gaps held, repeats dropped, the window we offer. */
class TcpReceiveTest {
  /** Our window scale, as the client offered one: window fields count units of this many bytes. */
  private static final int UNIT = 1 << TcpReceiver.WINDOW_SCALE;

  @RegisterExtension final StackUnderTest stack = new StackUnderTest();
  private final TcpClient client = new TcpClient(stack);

  @Test
  void bytesInOrderReachThePeerExactly() {
    client.establish();

    client.send(pattern(0, 1000));
    client.send(pattern(1000, 1460));

    assertThat(client.peer.received()).isEqualTo(pattern(2460));
    assertThat(stack.sink.take()).extracting(client::ackedIn).containsExactly(1000, 2460);
    assertThat(client.connection.bytesFromClient()).isEqualTo(2460);
  }

  @Test
  void aBatchOfSegmentsEarnsOneAck() {
    client.establish();

    stack.receive(client.segment(0, ACK, pattern(0, 100)), client.segment(100, ACK | PSH, pattern(100, 100)));

    assertThat(client.ackedIn(stack.sink.takeOnly())).isEqualTo(200);
  }

  @Test
  void thePeerWritesABatchOutOnceAndBeforeTheAckOffersItsWindow() {
    client.establish();
    client.peer.pending = TcpReceiver.CAPACITY; // all of it unwritten until the batch ends
    client.peer.pendingAfterBatch = 0;

    stack.receive(client.segment(0, ACK, pattern(0, 100)), client.segment(100, ACK | PSH, pattern(100, 100)));

    assertThat(client.peer.batchEnds()).isEqualTo(1);
    assertThat(stack.sink.takeOnly().tcp().window()).isEqualTo(TcpReceiver.CAPACITY / UNIT);
  }

  @Test
  void aPeerThatFailsAtTheEndOfABatchLeavesTheOtherConnectionsTheirs() {
    TcpClient other = new TcpClient(stack, StackUnderTest.CLIENT6, StackUnderTest.SERVER6);
    client.establish();
    other.establish();
    client.peer.batchEndFailure = new IllegalStateException("a relay's bug");

    assertThatThrownBy(() -> stack.receive(
            client.segment(0, ACK, pattern(0, 100)), other.segment(0, ACK, pattern(0, 100))))
        .hasMessage("a relay's bug");

    assertThat(other.peer.batchEnds()).isEqualTo(1);
    assertThat(stack.sink.take()).extracting(other::ackedIn).contains(100);
    client.peer.batchEndFailure = null;
    client.send(pattern(100, 100));
    assertThat(client.peer.batchEnds()).as("the failed connection still ends its batches").isEqualTo(2);
  }

  @Test
  void aBatchWithoutDataAsksThePeerForNothing() {
    client.establish();
    client.fromDestination(pattern(100));
    stack.sink.take();

    client.ack(100);

    assertThat(client.peer.batchEnds()).isZero();
  }

  @Test
  void segmentsBeyondAGapWaitUntilItFills() {
    client.establish();

    client.sendAt(100, pattern(100, 100));
    assertThat(client.peer.received()).isEmpty();
    assertThat(client.ackedIn(stack.sink.takeOnly())).as("a duplicate ACK for the gap").isZero();

    client.sendAt(0, pattern(0, 100));
    assertThat(client.peer.received()).isEqualTo(pattern(200));
    assertThat(client.ackedIn(stack.sink.takeOnly())).isEqualTo(200);
  }

  @Test
  void eachSegmentBeyondAGapIsAcknowledgedAtOnceEvenInOneBatch() {
    client.establish();

    stack.receive(client.segment(100, ACK | PSH, pattern(100, 100)), client.segment(200, ACK | PSH, pattern(200, 100)),
        client.segment(300, ACK | PSH, pattern(300, 100)));

    // Three duplicate ACKs (RFC 5681 4.2) start the client's fast retransmit of what is missing.
    assertThat(stack.sink.take()).extracting(client::ackedIn).containsExactly(0, 0, 0);
  }

  @Test
  void severalGapsFillInAnyOrder() {
    client.establish();

    for (int offset : new int[] {300, 100, 400, 0, 200}) {
      client.sendAt(offset, pattern(offset, 100));
    }

    assertThat(client.peer.received()).isEqualTo(pattern(500));
  }

  @Test
  void aRepeatedSegmentIsDeliveredOnceAndAcknowledgedAgain() {
    client.establish();

    client.sendAt(0, pattern(0, 100));
    client.sendAt(0, pattern(0, 100));

    assertThat(client.peer.received()).isEqualTo(pattern(100));
    assertThat(stack.sink.take()).extracting(client::ackedIn).containsExactly(100, 100);
  }

  @Test
  void onlyTheNewPartOfAnOverlappingSegmentIsDelivered() {
    client.establish();

    client.sendAt(0, pattern(0, 100));
    client.sendAt(50, pattern(50, 100));
    client.sendAt(120, pattern(120, 100)); // ahead of the gap, and overlapping what was delivered
    client.sendAt(150, pattern(150, 10));

    assertThat(client.peer.received()).isEqualTo(pattern(220));
  }

  @Test
  void theWindowShrinksAsThePeerFallsBehind() {
    client.establish();
    client.peer.pending = TcpReceiver.CAPACITY / 2;

    client.send(pattern(1000));
    int window = stack.sink.takeOnly().tcp().window();
    assertThat(window).isEqualTo(TcpReceiver.CAPACITY / 2 / UNIT);

    client.peer.pending = TcpReceiver.CAPACITY;
    client.send(pattern(1000, 1000));
    // The peer took nothing more: the right edge stays where it was (RFC 9293 3.8.6) and the
    // window is what is left of it, rounded up to the scale's unit.
    assertThat(stack.sink.takeOnly().tcp().window()).isEqualTo(window - 1000 / UNIT);
  }

  @Test
  void aPeerThatHoldsAFullBufferClosesTheWindowAndWindowOpenedReopensItAtOnce() {
    client.establish();
    client.peer.pending = TcpReceiver.CAPACITY;

    client.send(pattern(100));
    assertThat(stack.sink.takeOnly().tcp().window()).isZero();

    client.peer.pending = 0;
    client.connection.windowOpened();

    Outgoing update = stack.sink.takeOnly();
    assertThat(update.tcp().window()).isEqualTo(TcpReceiver.CAPACITY / UNIT);
    assertThat(client.ackedIn(update)).isEqualTo(100);
  }

  @Test
  void withoutWindowScalingTheWindowIsTheFreeSpaceUpTo64KiB() {
    client.establish(0xffff, 1460, -1);
    client.peer.pending = TcpReceiver.CAPACITY - 40_000;

    client.send(pattern(100));

    assertThat(stack.sink.takeOnly().tcp().window()).isEqualTo(40_000);
  }

  @Test
  void aLongBurstIsAcknowledgedBeforeTheBatchEnds() {
    client.establish();
    int segments = TcpReceiver.CAPACITY / 16 / 1000 + 1;

    for (int i = 0; i < segments; i++) {
      stack.network.receive(client.segment(i * 1000, ACK, pattern(i * 1000, 1000)));
    }

    // The sender would otherwise stall on its window waiting for the end of the batch; the peer
    // writes out what it holds before that ACK.
    assertThat(client.peer.batchEnds()).isEqualTo(1);
    List<Outgoing> acks = stack.sink.take();
    assertThat(acks).isNotEmpty();
    assertThat(client.ackedIn(acks.get(0))).isGreaterThanOrEqualTo(TcpReceiver.CAPACITY / 16);
    assertThat(client.peer.received()).isEqualTo(pattern(segments * 1000));
  }

  @Test
  void aSegmentHalfTheSequenceSpaceAwayIsDroppedQuietly() {
    client.establish();

    // Its distance from what we expect is -2^31, "before" by SeqNum's reckoning and yet no
    // positive number of old bytes: a flipped top bit in the sequence number is enough.
    stack.receive(client.segment(Integer.MIN_VALUE, ACK, pattern(10)));
    client.send(pattern(10));

    assertThat(client.peer.received()).isEqualTo(pattern(10));
  }
}

package dev.htapod.netstack.tcp;

import static dev.htapod.netstack.Bytes.ascii;
import static dev.htapod.netstack.Bytes.pattern;
import static dev.htapod.netstack.wire.TcpSegment.ACK;
import static dev.htapod.netstack.wire.TcpSegment.PSH;
import static dev.htapod.netstack.wire.TcpSegment.RST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The destination's bytes: segmented, held to the client's window, resent when lost. */
class TcpSendTest {
  @RegisterExtension final StackUnderTest stack = new StackUnderTest();
  private final TcpClient client = new TcpClient(stack);

  @Test
  void segmentsAreNoLargerThanTheClientsMss() {
    client.establish(0xffff, 500, -1);

    client.fromDestination(pattern(1200));

    List<Outgoing> segments = stack.sink.take();
    assertThat(segments).extracting(client::offsetOf).containsExactly(0, 500, 1000);
    assertThat(segments).extracting(segment -> segment.tcp().dataLength()).containsExactly(500, 500, 200);
    assertThat(concatenated(segments)).isEqualTo(pattern(1200));
    assertThat(segments.get(2).tcp().flags()).as("the last pushes").isEqualTo(ACK | PSH);
  }

  @Test
  void ourMtuCapsALargerMss() {
    client.establish(0xffff, 9000, -1);

    client.fromDestination(pattern(3000));

    assertThat(stack.sink.take()).extracting(segment -> segment.tcp().dataLength()).containsExactly(1460, 1460, 80);
  }

  @Test
  void aClientWithoutMssGetsTheDefault536() {
    client.establish(0xffff, -1, -1);

    client.fromDestination(pattern(1000));

    assertThat(stack.sink.take()).extracting(segment -> segment.tcp().dataLength()).containsExactly(536, 464);
  }

  @Test
  void onlyWhatTheClientsWindowAllowsIsInFlight() {
    client.establish(1000, 300, -1);

    client.fromDestination(pattern(2500));
    List<Outgoing> first = stack.sink.take();
    assertThat(first).extracting(client::offsetOf).containsExactly(0, 300, 600, 900);
    assertThat(first.get(3).tcp().dataLength()).isEqualTo(100);

    client.ack(600);
    List<Outgoing> second = stack.sink.take();
    assertThat(second).extracting(client::offsetOf).containsExactly(1000, 1300);
    assertThat(second).allSatisfy(segment -> assertThat(segment.tcp().dataLength()).isEqualTo(300));
  }

  @Test
  void theClientsWindowIsScaledAsItsSynSaid() {
    client.establish(0xffff, 1460, 2);
    client.window(500); // 2000 bytes
    client.ack(0);

    client.fromDestination(pattern(10_000));

    assertThat(stack.sink.take()).extracting(segment -> segment.tcp().dataLength()).containsExactly(1460, 540);
  }

  @Test
  void aSegmentNeverAcknowledgedIsResentWhenTheTimerExpiresAndAgainAfterTwiceTheWait() {
    client.establish();
    client.fromDestination(pattern(100));
    Outgoing sent = stack.sink.takeOnly();

    stack.timers.advanceMillis(199);
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.timers.advanceMillis(1);
    assertResent(stack.sink.takeOnly(), sent);

    stack.timers.advanceMillis(399);
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.timers.advanceMillis(1);
    assertResent(stack.sink.takeOnly(), sent);

    client.ack(100);
    stack.timers.advanceMillis(10_000);
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void anAckOfNewDataEndsTheBackoff() {
    client.establish();
    client.fromDestination(pattern(200));
    stack.sink.take();
    stack.timers.advanceMillis(200); // one timeout: backed off, the next would come 400 ms on
    stack.sink.take();
    stack.timers.advanceMillis(300);

    client.ack(100);

    stack.timers.advanceMillis(199);
    assertThat(stack.sink.isEmpty()).isTrue();
    stack.timers.advanceMillis(1);
    assertThat(stack.sink.take()).extracting(client::offsetOf).containsExactly(100);
  }

  @Test
  void afterAnAckTheNextLossIsResentAfterTheInitialTimeoutNotTheBackedOffOne() {
    client.establish();
    client.fromDestination(pattern(200));
    stack.sink.take();
    stack.timers.advanceMillis(200 + 400 + 800 + 1600); // four timeouts: the task now waits 3.2 s
    stack.sink.take();

    client.ack(100); // the client is back: no more backoff, and the rest is lost again
    stack.timers.advanceMillis(200);

    assertThat(stack.sink.take()).extracting(client::offsetOf).containsExactly(100);
  }

  @Test
  void afterTwelveTimeoutsTheConnectionIsReset() {
    client.establish();
    client.fromDestination(pattern(100));
    stack.sink.take();

    stack.timers.advanceMillis(600_000);

    List<Outgoing> sent = stack.sink.take();
    assertThat(sent).hasSize(13);
    assertThat(sent.get(12).has(RST)).isTrue();
    assertThat(stack.tcp.size()).isZero();
    assertThat(client.peer.wasReset()).as("a stream cut short is no orderly end for the destination").isTrue();
    assertThat(client.peer.wasClosed()).isTrue();
  }

  @Test
  void threeDuplicateAcksResendTheSegmentTheClientLacks() {
    client.establish(0xffff, 100, -1);
    client.fromDestination(pattern(400));
    stack.sink.take();

    client.ack(100);
    client.ack(100);
    client.ack(100);
    assertThat(stack.sink.isEmpty()).as("two duplicates are not yet a loss").isTrue();
    client.ack(100);

    assertResentOnly(100, 100);
  }

  @Test
  void oneLossIsResentOnceHoweverManyDuplicateAcksFollow() {
    client.establish(0xffff, 1000, -1);
    client.fromDestination(pattern(65_000));
    assertThat(stack.sink.take()).hasSize(65); // the first is lost

    List<Outgoing> resent = new ArrayList<>();
    for (int i = 0; i < 64; i++) { // the kernel inside: one duplicate ACK per segment after the hole
      client.ack(0);
      resent.addAll(stack.sink.take());
    }

    assertThat(resent).extracting(client::offsetOf).containsExactly(0);
    client.ack(65_000);
    stack.timers.advanceMillis(10_000);
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @Test
  void aPartialAckResendsTheNextHole() {
    client.establish(0xffff, 100, -1);
    client.fromDestination(pattern(500));
    stack.sink.take(); // the segments at 100 and 300 are lost
    client.ack(100);
    for (int i = 0; i < 3; i++) {
      client.ack(100);
    }
    assertThat(stack.sink.take()).extracting(client::offsetOf).containsExactly(100);

    client.ack(300); // the client filled the first hole and still lacks the second

    assertResentOnly(300, 100);
  }

  @Test
  void aZeroWindowIsProbedOnTheTimerAndDataFlowsWhenItOpens() {
    closeTheWindowWithMoreToSend();
    assertThat(stack.sink.isEmpty()).isTrue();

    stack.timers.advanceMillis(200);
    Outgoing probe = stack.sink.takeOnly();
    assertThat(probe.tcp().dataLength()).isZero();
    assertThat(client.offsetOf(probe)).as("one old byte's sequence number").isEqualTo(99);

    client.window(0xffff);
    client.ack(100);
    Outgoing data = stack.sink.takeOnly();
    assertThat(client.offsetOf(data)).isEqualTo(100);
    assertThat(data.payload()).isEqualTo(pattern(100, 100));
  }

  @Test
  void aReaderThatStopsReadingKeepsItsConnectionWhileItAnswersTheProbes() {
    closeTheWindowWithMoreToSend();

    int probes = 0;
    for (int second = 0; second < 900; second++) { // a quarter of an hour, stopped (Ctrl-Z, a pager)
      stack.timers.advanceMillis(1000);
      List<Outgoing> sent = stack.sink.take();
      assertThat(sent).noneMatch(segment -> segment.has(RST));
      if (!sent.isEmpty()) {
        probes++;
        client.ack(100); // the kernel inside answers each probe: still no room
      }
    }

    assertThat(client.connection.isOpen()).isTrue();
    assertThat(probes).as("probes back off to one a minute").isBetween(14, 30);
    client.window(0xffff);
    client.ack(100);
    assertThat(stack.sink.takeOnly().payload()).isEqualTo(pattern(100, 100));
  }

  @Test
  void aReaderThatStopsAnsweringTheProbesIsGivenUp() {
    closeTheWindowWithMoreToSend();

    stack.timers.advanceMillis(900_000);

    assertThat(stack.sink.take()).last().satisfies(segment -> assertThat(segment.has(RST)).isTrue());
    assertThat(client.connection.isOpen()).isFalse();
    assertThat(client.peer.wasReset()).isTrue();
  }

  @Test
  void aFullSendQueueAsksThePeerToWaitAndAnAckLetsItGoOn() {
    client.establish();
    client.fromDestination(new byte[TcpSender.CAPACITY]);
    assertThat(client.connection.hasRoom()).isFalse();
    int calls = client.peer.canSendMoreCalls();

    client.ack(60_000);

    assertThat(client.connection.hasRoom()).isTrue();
    assertThat(client.peer.canSendMoreCalls()).isEqualTo(calls + 1);
    assertThat(client.connection.bytesToClient()).isEqualTo(60_000);
  }

  @Test
  void bytesSentBeforeTheHandshakeEndsWaitForIt() {
    client.syn(0xffff, 1460, 7);
    client.accept();
    client.fromDestination(ascii("220 ready\r\n"));
    assertThat(stack.sink.isEmpty()).isTrue();

    client.ack(0);

    assertThat(stack.sink.takeOnly().payload()).isEqualTo(ascii("220 ready\r\n"));
  }

  @Test
  void aLostSegmentIsResentWhileTheClientKeepsSending() {
    client.establish();
    client.fromDestination(pattern(100));
    stack.sink.take(); // lost on the way

    // The client, knowing nothing of it, goes on uploading: its ACKs carry data, so they are no
    // duplicate ACKs, and only the timer can recover (RFC 6298 5: it runs from the first send).
    for (int i = 0; i < 10; i++) {
      stack.timers.advanceMillis(100);
      client.send(pattern(i * 10, 10));
    }

    assertThat(stack.sink.take()).anySatisfy(segment -> assertThat(segment.tcp().dataLength()).isEqualTo(100));
  }

  /** The client read 100 bytes and closed its window; the destination has sent 100 more. */
  private void closeTheWindowWithMoreToSend() {
    client.establish(0xffff, 1460, -1);
    client.fromDestination(pattern(100));
    stack.sink.take();
    client.window(0);
    client.ack(100);
    client.fromDestination(pattern(100, 100));
  }

  private void assertResentOnly(int offset, int length) {
    Outgoing resent = stack.sink.takeOnly();
    assertThat(client.offsetOf(resent)).isEqualTo(offset);
    assertThat(resent.payload()).isEqualTo(pattern(offset, length));
  }

  private void assertResent(Outgoing again, Outgoing original) {
    assertThat(client.offsetOf(again)).isEqualTo(client.offsetOf(original));
    assertThat(again.payload()).isEqualTo(original.payload());
  }

  private static byte[] concatenated(List<Outgoing> segments) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    segments.forEach(segment -> bytes.writeBytes(segment.payload()));
    return bytes.toByteArray();
  }
}

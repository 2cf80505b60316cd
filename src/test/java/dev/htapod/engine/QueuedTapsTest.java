package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.FlowOwners;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuedTapsTest {
  private static final TappedConnection CONNECTION = new TappedConnection(new InetSocketAddress("10.0.2.100", 40000),
      new InetSocketAddress("10.0.2.2", 80), new InetSocketAddress("127.0.0.1", 80), null, false, false, null, FlowOwners.UNKNOWN);

  private final ReportThread reports = new ReportThread();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @Test
  void theTapSeesTheBytesAfterTheRelayHasLetGoOfThemAndTheyAreFreedAfter() {
    // A small piece (copied) and a large one (a retained reference).
    StreamTap tap = new QueuedTaps(connection -> new StreamTap() {
      @Override
      public void fromCommand(ByteBuf bytes) {
        seen.add(Thread.currentThread().getName() + " command " + bytes.toString(StandardCharsets.US_ASCII));
      }

      @Override
      public void fromServer(ByteBuf bytes) {
        seen.add("server " + bytes.readableBytes() + " " + bytes.toString(bytes.readerIndex(), 15, StandardCharsets.US_ASCII));
      }

      @Override
      public void closed() {
        seen.add("closed");
      }
    }, UdpTap.NONE, reports).open(CONNECTION);
    ByteBuf request = text("GET / HTTP/1.1\r\n\r\n");
    ByteBuf response = text("HTTP/1.1 200 OK\r\ncontent-length: 20000\r\n\r\n" + "x".repeat(20_000));
    tap.fromCommand(request);
    request.release(); // the relay's reference ends with the call
    tap.fromServer(response);
    response.skipBytes(response.readableBytes()); // the relay's indices are its own
    response.release();
    tap.closed();
    reports.close();

    assertThat(seen).containsExactly("htapod-report command GET / HTTP/1.1\r\n\r\n",
        "server 20042 HTTP/1.1 200 OK", "closed");
    assertThat(request.refCnt()).isZero();
    assertThat(response.refCnt()).isZero();
  }

  @Test
  void aTapDoneWithBytesIsShownNoMoreButStillToldOfTheClose() throws Exception {
    CountDownLatch decided = new CountDownLatch(1);
    StreamTap tap = new QueuedTaps(connection -> new StreamTap() {
      private boolean done;

      @Override
      public void fromCommand(ByteBuf bytes) {
        seen.add("command " + bytes.toString(StandardCharsets.US_ASCII));
        done = true; // not for this tap, say
        decided.countDown();
      }

      @Override
      public boolean done() {
        return done;
      }

      @Override
      public void closed() {
        seen.add("closed");
      }
    }, UdpTap.NONE, reports).open(CONNECTION);
    ByteBuf first = text("SSH-2.0-OpenSSH_9.2\r\n");
    tap.fromCommand(first);
    first.release();
    assertThat(decided.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50); // the report thread notes the tap is done once the call returns
    ByteBuf second = text("more");
    tap.fromCommand(second);
    assertThat(second.refCnt()).as("not kept for the tap").isEqualTo(1);
    second.release();
    tap.closed();
    reports.close();

    assertThat(seen).containsExactly("command SSH-2.0-OpenSSH_9.2\r\n", "closed");
  }

  private static ByteBuf text(String text) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
    buf.writeCharSequence(text, StandardCharsets.US_ASCII);
    return buf;
  }
}

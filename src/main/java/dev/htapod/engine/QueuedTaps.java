package dev.htapod.engine;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Taps that run on the report thread: each call is posted there with its own reference to the
 * bytes (a retained duplicate, no copy), released once the tap has seen them.
 */
final class QueuedTaps implements StreamTap.Factory, UdpTap {
  private final StreamTap.Factory connections;
  private final UdpTap datagrams;
  private final ReportThread reports;

  QueuedTaps(StreamTap.Factory connections, UdpTap datagrams, ReportThread reports) {
    this.connections = connections;
    this.datagrams = datagrams;
    this.reports = reports;
  }

  @Override
  public StreamTap open(TappedConnection connection) {
    return new QueuedTap(connection);
  }

  @Override
  public void datagram(FlowKey key, boolean fromCommand, ByteBuf payload) {
    reports.postLazily(handOver(payload, bytes -> datagrams.datagram(key, fromCommand, bytes)),
        payload.readableBytes());
  }

  /** {@code call} with a reference of its own to {@code bytes}, released once it has run. */
  private static Runnable handOver(ByteBuf bytes, Consumer<ByteBuf> call) {
    ByteBuf own = bytes.retainedDuplicate();
    return () -> {
      try {
        call.accept(own);
      } finally {
        own.release();
      }
    };
  }

  /**
   * One connection's tap; the real one is opened on the report thread, before its first bytes.
   * Once it is done with bytes (not HTTP, and no capture), the loop stops posting them.
   */
  private final class QueuedTap implements StreamTap {
    private StreamTap tap = StreamTap.NONE;
    private volatile boolean done;

    QueuedTap(TappedConnection connection) {
      post(() -> tap = connections.open(connection), 0);
    }

    @Override
    public void fromCommand(ByteBuf bytes) {
      post(bytes, true);
    }

    @Override
    public void fromServer(ByteBuf bytes) {
      post(bytes, false);
    }

    private void post(ByteBuf bytes, boolean fromCommand) {
      if (done) {
        return;
      }
      post(handOver(bytes, own -> {
        if (fromCommand) {
          tap.fromCommand(own);
        } else {
          tap.fromServer(own);
        }
      }), bytes.readableBytes());
    }

    @Override
    public void commandEnded() {
      post(() -> tap.commandEnded(), 0);
    }

    @Override
    public void serverEnded() {
      post(() -> tap.serverEnded(), 0);
    }

    @Override
    public void closed() {
      post(() -> tap.closed(), 0);
    }

    private void post(Runnable call, int bytes) {
      reports.postLazily(() -> {
        call.run();
        done = tap.done();
      }, bytes);
    }
  }
}

package dev.htapod.engine;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Taps that run on the report thread: each call is posted there with its own reference to the
 * bytes (a retained duplicate, no copy, or a copy for small pieces), released once the tap has
 * seen them.
 */
final class QueuedTaps implements StreamTap.Factory, UdpTap {
  private static final int COPY_BELOW = 16 << 10;
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
    ByteBuf own = payload.retainedDuplicate();
    reports.postLazily(() -> {
      try {
        datagrams.datagram(key, fromCommand, own);
      } finally {
        own.release();
      }
    }, own.readableBytes());
  }

  /**
   * One connection's tap; the real one is opened on the report thread, before its first bytes.
   * Once it is done with bytes (not HTTP, and no capture), the loop stops posting them.
   */
  private final class QueuedTap implements StreamTap {
    private StreamTap tap = StreamTap.NONE;
    private volatile boolean done;

    QueuedTap(TappedConnection connection) {
      post(() -> tap = connections.open(connection));
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
      if (!done) {
        // Small pieces are copied: freeing a pooled buffer from the report thread takes a lock the
        // loop's allocations wait on (keep-alive p99 ~10 % lower, measured).
        ByteBuf own = bytes.readableBytes() < COPY_BELOW ? Unpooled.copiedBuffer(bytes) : bytes.retainedDuplicate();
        reports.postLazily(new Piece(this, own, fromCommand), own.readableBytes());
      }
    }

    @Override
    public void commandEnded() {
      post(() -> tap.commandEnded());
    }

    @Override
    public void serverEnded() {
      post(() -> tap.serverEnded());
    }

    @Override
    public void closed() {
      post(() -> tap.closed());
    }

    private void post(Runnable event) {
      reports.postLazily(() -> seen(event), 0);
    }

    /** On the report thread. */
    private void seen(Runnable call) {
      call.run();
      done = tap.done();
    }

    /** On the report thread. */
    private void seen(ByteBuf bytes, boolean fromCommand) {
      if (fromCommand) {
        tap.fromCommand(bytes);
      } else {
        tap.fromServer(bytes);
      }
      done = tap.done();
    }
  }

  /**
   * A connection's bytes on their way to its tap, with a reference of their own, released once the
   * tap has seen them. A class, not lambdas: one object per piece instead of three, each made
   * through a method handle by C1, the only compiler scripts/htapod runs.
   */
  private static final class Piece implements Runnable {
    private final QueuedTap tap;
    private final ByteBuf bytes;
    private final boolean fromCommand;

    Piece(QueuedTap tap, ByteBuf bytes, boolean fromCommand) {
      this.tap = tap;
      this.bytes = bytes;
      this.fromCommand = fromCommand;
    }

    @Override
    public void run() {
      try {
        tap.seen(bytes, fromCommand);
      } finally {
        bytes.release();
      }
    }
  }
}

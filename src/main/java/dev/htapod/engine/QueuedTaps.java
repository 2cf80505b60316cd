package dev.htapod.engine;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;

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
    ByteBuf bytes = payload.retainedDuplicate();
    reports.postLazily(() -> {
      try {
        datagrams.datagram(key, fromCommand, bytes);
      } finally {
        bytes.release();
      }
    }, bytes.readableBytes());
  }

  /** One connection's tap; the real one is opened on the report thread, before its first bytes. */
  private final class QueuedTap implements StreamTap {
    private StreamTap tap = StreamTap.NONE;

    QueuedTap(TappedConnection connection) {
      reports.postLazily(() -> tap = connections.open(connection), 0);
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
      ByteBuf own = bytes.retainedDuplicate();
      reports.postLazily(() -> {
        try {
          if (fromCommand) {
            tap.fromCommand(own);
          } else {
            tap.fromServer(own);
          }
        } finally {
          own.release();
        }
      }, own.readableBytes());
    }

    @Override
    public void commandEnded() {
      reports.postLazily(() -> tap.commandEnded(), 0);
    }

    @Override
    public void serverEnded() {
      reports.postLazily(() -> tap.serverEnded(), 0);
    }

    @Override
    public void closed() {
      reports.postLazily(() -> tap.closed(), 0);
    }
  }
}

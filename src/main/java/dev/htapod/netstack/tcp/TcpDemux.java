package dev.htapod.netstack.tcp;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.Timers;
import dev.htapod.netstack.PacketSink;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.PacketBuilder;
import dev.htapod.netstack.wire.TcpHeaders;
import dev.htapod.netstack.wire.TcpSegment;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of TCP connections: hands each segment to its connection, opens connections through
 * the {@link TcpForwarder}, answers segments of unknown connections with a RST, and writes every
 * segment the connections send.
 */
public final class TcpDemux {
  private final Map<FlowKey, TcpConnection> connections = new HashMap<>();
  private final List<TcpConnection> batched = new ArrayList<>();
  private final PacketSink sink;
  private final PacketBuilder builder;
  private final TcpForwarder forwarder;
  private final Timers timers;
  private final Drops drops;
  private final int mtu;

  public TcpDemux(PacketSink sink, PacketBuilder builder, TcpForwarder forwarder, Timers timers, Drops drops, int mtu) {
    this.sink = sink;
    this.builder = builder;
    this.forwarder = forwarder;
    this.timers = timers;
    this.drops = drops;
    this.mtu = mtu;
  }

  /** A segment from the command, carried by {@code ip} in {@code packet} (borrowed). */
  public void receive(IpPacket ip, TcpSegment segment, ByteBuf packet) {
    assert timers.onStackThread();
    FlowKey key = new FlowKey(ip.source(), segment.sourcePort(), ip.destination(), segment.destinationPort());
    TcpConnection connection = connections.get(key);
    if (connection != null) {
      connection.segment(segment, packet);
      return;
    }
    if (segment.has(TcpSegment.SYN) && !segment.has(TcpSegment.ACK) && !segment.has(TcpSegment.RST)) {
      ByteBuf quote = PacketBuilder.quote(ip, packet).copy();
      connection = new TcpConnection(key, segment, quote, this);
      connections.put(key, connection);
      forwarder.open(connection);
      return;
    }
    drops.drop(Drops.Reason.NO_CONNECTION);
    if (!segment.has(TcpSegment.RST)) {
      // RFC 9293 3.10.7.1: a segment for no connection gets a RST that it will accept.
      if (segment.has(TcpSegment.ACK)) {
        sendReset(key, segment.ack(), 0, false);
      } else {
        sendReset(key, 0, segment.seq() + segment.sequenceLength(), true);
      }
    }
  }

  /**
   * The end of a batch of packets: each connection that received data in it writes it out, then
   * sends the one ACK the batch earned.
   */
  public void flush() {
    assert timers.onStackThread();
    RuntimeException failure = null;
    for (TcpConnection connection : batched) {
      try {
        connection.endOfBatch();
      } catch (RuntimeException e) { // one connection's failure must not leave the others waiting
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    batched.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Ends every connection, as the run ends. */
  public void endAll() {
    new ArrayList<>(connections.values()).forEach(TcpConnection::runEnded);
  }

  public int size() {
    return connections.size();
  }

  Timers timers() {
    return timers;
  }

  /** Our MSS towards the command: the MTU less the IP and TCP headers. */
  int mss(FlowKey key) {
    return mtu - (key.client().v6() ? IpPacket.IPV6_HEADER : IpPacket.IPV4_HEADER) - TcpSegment.HEADER;
  }

  void atEndOfBatch(TcpConnection connection) {
    batched.add(connection);
  }

  void remove(TcpConnection connection) {
    connections.remove(connection.key(), connection);
  }

  /** The headers of the segments we send on the connection {@code key}. */
  TcpHeaders headersFor(FlowKey key) {
    return builder.tcpHeaders(key.server(), key.serverPort(), key.client(), key.clientPort());
  }

  void sendSegment(TcpHeaders headers, int seq, int ack, int flags, int window, ByteBuf data) {
    sink.send(headers.segment(seq, ack, flags, window, data == null ? 0 : data.readableBytes()), data);
  }

  void sendSynAck(FlowKey key, int seq, int ack, int window, int windowScale) {
    ByteBuf headers = builder.tcp(key.server(), key.serverPort(), key.client(), key.clientPort(),
        seq, ack, TcpSegment.SYN | TcpSegment.ACK, window, mss(key), windowScale, 0);
    sink.send(headers, null);
  }

  void sendReset(FlowKey key, int seq, int ack, boolean withAck) {
    int flags = TcpSegment.RST | (withAck ? TcpSegment.ACK : 0);
    sink.send(builder.tcp(key.server(), key.serverPort(), key.client(), key.clientPort(),
        seq, withAck ? ack : 0, flags, 0, -1, -1, 0), null);
  }

  void sendUnreachable(FlowKey key, ByteBuf quote, Icmp.Unreachable why) {
    sink.send(builder.unreachable(key.server(), key.client(), quote, why), null);
  }
}

package dev.htapod.netstack.udp;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.IdleTimeout;
import dev.htapod.netstack.PacketSink;
import dev.htapod.netstack.Timers;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.PacketBuilder;
import dev.htapod.netstack.wire.UdpDatagram;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** The UDP flow table: opens flows through the forwarder, ends idle ones, sends replies. */
public final class UdpFlows {
  private final Map<FlowKey, UdpFlow> flows = new HashMap<>();
  private final PacketSink sink;
  private final PacketBuilder builder;
  private final UdpForwarder forwarder;
  private final Timers timers;
  private final IdleTimeout idle;
  private final UdpTap tap;

  public UdpFlows(PacketSink sink, PacketBuilder builder, UdpForwarder forwarder, Timers timers, long idleNanos,
      UdpTap tap) {
    this.tap = tap;
    this.sink = sink;
    this.builder = builder;
    this.forwarder = forwarder;
    this.timers = timers;
    this.idle = new IdleTimeout(timers, idleNanos);
  }

  /** A datagram from the command, carried by {@code ip} in {@code packet} (borrowed). */
  public void receive(IpPacket ip, UdpDatagram datagram, ByteBuf packet) {
    FlowKey key = new FlowKey(ip.source(), datagram.sourcePort(), ip.destination(), datagram.destinationPort());
    UdpFlow flow = flows.get(key);
    boolean opened = flow == null;
    if (opened) {
      flow = new UdpFlow(key, this);
      flows.put(key, flow);
      idle.watch(flow::lastActivity, flow::closed, flow::close);
    }
    flow.fromClient(packet.retainedSlice(datagram.dataOffset(), datagram.dataLength()),
        PacketBuilder.quote(ip, packet).copy());
    if (opened) {
      forwarder.open(flow);
    }
  }

  /** Ends every flow, as when the run ends. */
  public void closeAll() {
    new ArrayList<>(flows.values()).forEach(UdpFlow::close);
  }

  public int size() {
    return flows.size();
  }

  UdpTap tap() {
    return tap;
  }

  Timers timers() {
    return timers;
  }

  void remove(UdpFlow flow) {
    flows.remove(flow.key(), flow);
  }

  void sendToClient(FlowKey key, ByteBuf data) {
    try {
      sink.send(builder.udp(key.server(), key.serverPort(), key.client(), key.clientPort(), data), null);
    } finally {
      data.release();
    }
  }

  void sendUnreachable(FlowKey key, ByteBuf quote, Icmp.Unreachable why) {
    sink.send(builder.unreachable(key.server(), key.client(), quote, why), null);
  }
}

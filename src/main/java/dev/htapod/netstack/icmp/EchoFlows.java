package dev.htapod.netstack.icmp;

import dev.htapod.netstack.IdleTimeout;
import dev.htapod.netstack.PacketSink;
import dev.htapod.netstack.Timers;
import dev.htapod.netstack.wire.EchoRequest;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.PacketBuilder;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** The table of the command's pings to hosts other than the gateway: opens, answers, ends idle ones. */
public final class EchoFlows {
  private final Map<EchoKey, EchoFlow> flows = new HashMap<>();
  private final PacketSink sink;
  private final PacketBuilder builder;
  private final EchoForwarder forwarder;
  private final Timers timers;
  private final IdleTimeout idle;

  public EchoFlows(PacketSink sink, PacketBuilder builder, EchoForwarder forwarder, Timers timers, long idleNanos) {
    this.sink = sink;
    this.builder = builder;
    this.forwarder = forwarder;
    this.timers = timers;
    this.idle = new IdleTimeout(timers, idleNanos);
  }

  /** An echo request from the command, carried by {@code ip} in {@code packet} (borrowed). */
  public void receive(IpPacket ip, EchoRequest echo, ByteBuf packet) {
    EchoKey key = new EchoKey(ip.source(), echo.identifier(), ip.destination());
    EchoFlow flow = flows.get(key);
    if (flow == null) {
      flow = new EchoFlow(key, this);
      flows.put(key, flow);
      idle.watch(flow::lastActivity, flow::closed, flow::close);
      flow.attach(forwarder.open(flow));
    }
    Icmp.Unreachable why = flow.request(packet.slice(echo.offset(), echo.length()));
    if (why != null) {
      sink.send(builder.unreachable(key.server(), key.client(), PacketBuilder.quote(ip, packet), why), null);
    }
  }

  /** Ends every flow, as when the run ends. */
  public void closeAll() {
    new ArrayList<>(flows.values()).forEach(EchoFlow::close);
  }

  public int size() {
    return flows.size();
  }

  Timers timers() {
    return timers;
  }

  void remove(EchoFlow flow) {
    flows.remove(flow.key(), flow);
  }

  void sendReply(EchoKey key, ByteBuf message) {
    sink.send(builder.echoReply(key.server(), key.client(), key.identifier(), message), null);
  }
}

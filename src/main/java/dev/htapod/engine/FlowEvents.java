package dev.htapod.engine;

import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.relay.EchoFlowRecord;
import dev.htapod.relay.TcpFlowRecord;
import dev.htapod.relay.UdpFlowRecord;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Turns the relay's records of finished flows into the API's events, with host names and processes. */
final class FlowEvents {
  private final QueuedListener listener;
  private final Function<String, String> hostOf;

  FlowEvents(QueuedListener listener, Function<String, String> hostOf) {
    this.listener = listener;
    this.hostOf = hostOf;
  }

  void tcp(TcpFlowRecord flow) {
    String ip = AddressText.of(flow.target().getAddress());
    Instant startedAt = startedAt(flow.durationNanos());
    listener.tcpFlow(flow.owner(), process -> new TcpFlowEvent(flow.name(), ip, flow.target().getPort(),
        flow.outcome(), flow.tls(), flow.bytesOut(), flow.bytesIn(), startedAt, millis(flow.durationNanos()), process));
  }

  void udp(UdpFlowRecord flow) {
    String ip = AddressText.of(flow.target().getAddress());
    Instant startedAt = startedAt(flow.durationNanos());
    listener.udpFlow(flow.owner(), process -> new UdpFlowEvent(flow.name(), ip, flow.target().getPort(),
        flow.datagramsOut(), flow.datagramsIn(), flow.bytesOut(), flow.bytesIn(), startedAt,
        millis(flow.durationNanos()), process));
  }

  void icmp(EchoFlowRecord flow) {
    listener.icmpFlow(new IcmpFlowEvent(hostOf.apply(flow.key().server().toString()), AddressText.of(flow.target()),
        flow.requests(), flow.replies(), startedAt(flow.durationNanos()), millis(flow.durationNanos())));
  }

  private static Instant startedAt(long durationNanos) {
    return Instant.now().minusNanos(durationNanos);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}

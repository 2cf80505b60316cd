package dev.htapod.dns;

import dev.htapod.netstack.udp.UdpFlow;
import dev.htapod.netstack.udp.UdpPeer;
import dev.htapod.relay.FlowOwners;
import io.netty.buffer.ByteBuf;

/** A UDP flow to the built-in resolver: each datagram a query, each reply a datagram. */
public final class DnsOverUdp implements UdpPeer {
  private final DnsResolver resolver;
  private final UdpFlow flow;
  private final FlowOwners owners;

  private DnsOverUdp(DnsResolver resolver, UdpFlow flow, FlowOwners owners) {
    this.resolver = resolver;
    this.flow = flow;
    this.owners = owners;
  }

  /** Answers {@code flow} with {@code resolver}, naming the process behind each query. */
  public static void serve(DnsResolver resolver, UdpFlow flow, FlowOwners owners) {
    flow.attach(new DnsOverUdp(resolver, flow, owners));
  }

  @Override
  public void datagram(ByteBuf data) {
    // Each query: a flow's address and port may pass to another socket while the flow lives.
    resolver.answer(data, owners.udp(flow.key()), flow::reply);
  }

  @Override
  public void closed() {}
}

package dev.htapod.dns;

import dev.htapod.netstack.udp.UdpFlow;
import dev.htapod.netstack.udp.UdpPeer;
import io.netty.buffer.ByteBuf;

/** A UDP flow to the built-in resolver: each datagram a query, each reply a datagram. */
public final class DnsOverUdp implements UdpPeer {
  private final DnsResolver resolver;
  private final UdpFlow flow;

  private DnsOverUdp(DnsResolver resolver, UdpFlow flow) {
    this.resolver = resolver;
    this.flow = flow;
  }

  /** Answers {@code flow} with {@code resolver}. */
  public static void serve(DnsResolver resolver, UdpFlow flow) {
    flow.attach(new DnsOverUdp(resolver, flow));
  }

  @Override
  public void datagram(ByteBuf data) {
    resolver.answer(data, flow::reply);
  }

  @Override
  public void closed() {}
}

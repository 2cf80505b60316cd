package dev.htapod.engine;

import dev.htapod.dns.DnsOverTcp;
import dev.htapod.dns.DnsOverUdp;
import dev.htapod.dns.DnsResolver;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpFlow;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.relay.FlowOwners;
import java.util.Set;

/**
 * Decides where each new flow goes: DNS to the gateway is answered by the built-in resolver,
 * everything else is relayed from the host.
 */
final class Routes implements TcpForwarder, UdpForwarder {
  private static final int DNS_PORT = 53;

  private final Set<IpAddress> gateways;
  private final DnsResolver dns;
  private final TcpForwarder tcpRelay;
  private final UdpForwarder udpRelay;
  private final FlowOwners owners;

  Routes(Set<IpAddress> gateways, DnsResolver dns, TcpForwarder tcpRelay, UdpForwarder udpRelay, FlowOwners owners) {
    this.owners = owners;
    this.gateways = Set.copyOf(gateways);
    this.dns = dns;
    this.tcpRelay = tcpRelay;
    this.udpRelay = udpRelay;
  }

  @Override
  public void open(TcpConnection connection) {
    if (isDns(connection.key())) {
      DnsOverTcp.serve(dns, connection, owners);
    } else {
      tcpRelay.open(connection);
    }
  }

  @Override
  public void open(UdpFlow flow) {
    if (isDns(flow.key())) {
      DnsOverUdp.serve(dns, flow, owners);
    } else {
      udpRelay.open(flow);
    }
  }

  private boolean isDns(FlowKey key) {
    return key.serverPort() == DNS_PORT && gateways.contains(key.server());
  }
}

package dev.htapod.api;

/**
 * Receives what happens in a run as it happens. Called from htapod's network thread: return
 * quickly. Every method does nothing unless overridden.
 */
public interface TapListener {
  default void tcpFlow(TcpFlowEvent event) {}

  default void udpFlow(UdpFlowEvent event) {}

  default void dnsQuery(DnsQueryEvent event) {}

  default void error(ErrorEvent event) {}
}

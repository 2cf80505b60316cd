package dev.htapod.api;

/**
 * Receives what happens in a run, a moment after it happens: called one event at a time, in order,
 * on htapod's report thread, never on the network thread. A slow listener delays no packet until
 * 64 MiB of observed bytes wait for it. Every method does nothing unless overridden.
 */
public interface TapListener {
  /** A request was complete; its response is still to come (status 0, no response). */
  default void httpRequest(HttpExchangeEvent event) {}

  /** An exchange ended: its response was complete, or it never will be (see its error). */
  default void httpExchange(HttpExchangeEvent event) {}

  default void webSocketMessage(WebSocketMessageEvent event) {}

  default void tcpFlow(TcpFlowEvent event) {}

  default void udpFlow(UdpFlowEvent event) {}

  default void icmpFlow(IcmpFlowEvent event) {}

  default void dnsQuery(DnsQueryEvent event) {}

  default void error(ErrorEvent event) {}

  /** The run's summary per host, once the command has exited; nothing follows it. */
  default void summary(SummaryEvent event) {}

  /** The egress policy refused a destination; the command was told so (RST, ICMP, NXDOMAIN). */
  default void deny(DenyEvent event) {}

  /**
   * In {@link Htapod.Builder#audit audit} mode: the egress policy would have refused a destination,
   * and let it through.
   */
  default void audit(DenyEvent event) {}

  /** With {@link Htapod.Builder#replay}: a request was answered from the recording, or missed it. */
  default void replay(ReplayEvent event) {}
}

package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.api.WebSocketMessageEvent;
import dev.htapod.relay.FlowOwners;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tells a listener of each event on the report thread, in the order the events came; errors and
 * refusals before the caller goes on, as the command will react to them at once (curl's own
 * message split an {@code ERR} line written beside it). An event that names a process is made on
 * the report thread, which waits there for the lookup of that process: the callers of errors and
 * refusals have waited for it already (it started with the flow), so the loop waits for the line
 * alone.
 */
final class QueuedListener implements TapListener {
  private final TapListener listener;
  private final ReportThread reports;

  QueuedListener(TapListener listener, ReportThread reports) {
    this.listener = listener;
    this.reports = reports;
  }

  @Override
  public void httpRequest(HttpExchangeEvent event) {
    reports.post(() -> listener.httpRequest(event));
  }

  @Override
  public void httpExchange(HttpExchangeEvent event) {
    reports.post(() -> listener.httpExchange(event));
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent event) {
    reports.post(() -> listener.webSocketMessage(event));
  }

  @Override
  public void tcpFlow(TcpFlowEvent event) {
    reports.post(() -> listener.tcpFlow(event));
  }

  /** A TCP flow, made once {@code owner} is known. */
  void tcpFlow(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, TcpFlowEvent> event) {
    reports.post(() -> listener.tcpFlow(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void udpFlow(UdpFlowEvent event) {
    reports.post(() -> listener.udpFlow(event));
  }

  /** A UDP flow, made once {@code owner} is known. */
  void udpFlow(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, UdpFlowEvent> event) {
    reports.post(() -> listener.udpFlow(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void icmpFlow(IcmpFlowEvent event) {
    reports.post(() -> listener.icmpFlow(event));
  }

  @Override
  public void dnsQuery(DnsQueryEvent event) {
    reports.post(() -> listener.dnsQuery(event));
  }

  @Override
  public void error(ErrorEvent event) {
    reports.postAndWait(() -> listener.error(event));
  }

  /** An error about a flow, made once {@code owner} is known. */
  void error(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, ErrorEvent> event) {
    reports.postAndWait(() -> listener.error(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void summary(SummaryEvent event) {
    reports.post(() -> listener.summary(event));
  }

  @Override
  public void deny(DenyEvent event) {
    reports.postAndWait(() -> listener.deny(event));
  }

  /** What goes on needs no line before it: posted as flows are. */
  @Override
  public void audit(DenyEvent event) {
    reports.post(() -> listener.audit(event));
  }
}

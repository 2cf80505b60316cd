package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.ReplayEvent;
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
 * alone. In a run where nothing shows events (-q alone), they are dropped here: at one per
 * connection, waking the report thread cost the loop more than the rest of the event.
 */
final class QueuedListener implements TapListener {
  private final TapListener listener;
  private final ReportThread reports;
  /** False when nothing would show an event: each is dropped where it happens. */
  private final boolean heard;

  /** @param heard whether anything shows events; if not, none is posted (no thread woken) */
  QueuedListener(TapListener listener, ReportThread reports, boolean heard) {
    this.listener = listener;
    this.reports = reports;
    this.heard = heard;
  }

  @Override
  public void httpRequest(HttpExchangeEvent event) {
    post(() -> listener.httpRequest(event));
  }

  @Override
  public void httpExchange(HttpExchangeEvent event) {
    post(() -> listener.httpExchange(event));
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent event) {
    post(() -> listener.webSocketMessage(event));
  }

  @Override
  public void tcpFlow(TcpFlowEvent event) {
    post(() -> listener.tcpFlow(event));
  }

  /** A TCP flow, made once {@code owner} is known. */
  void tcpFlow(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, TcpFlowEvent> event) {
    post(() -> listener.tcpFlow(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void udpFlow(UdpFlowEvent event) {
    post(() -> listener.udpFlow(event));
  }

  /** A UDP flow, made once {@code owner} is known. */
  void udpFlow(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, UdpFlowEvent> event) {
    post(() -> listener.udpFlow(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void icmpFlow(IcmpFlowEvent event) {
    post(() -> listener.icmpFlow(event));
  }

  @Override
  public void dnsQuery(DnsQueryEvent event) {
    post(() -> listener.dnsQuery(event));
  }

  @Override
  public void error(ErrorEvent event) {
    postAndWait(() -> listener.error(event));
  }

  /** An error about a flow, made once {@code owner} is known. */
  void error(CompletableFuture<ProcessInfo> owner, Function<ProcessInfo, ErrorEvent> event) {
    postAndWait(() -> listener.error(event.apply(FlowOwners.await(owner))));
  }

  @Override
  public void summary(SummaryEvent event) {
    post(() -> listener.summary(event));
  }

  @Override
  public void deny(DenyEvent event) {
    postAndWait(() -> listener.deny(event));
  }

  private void post(Runnable report) {
    if (heard) {
      reports.post(report);
    }
  }

  private void postAndWait(Runnable report) {
    if (heard) {
      reports.postAndWait(report);
    }
  }

  /** What goes on needs no line before it: posted as flows are. */
  @Override
  public void audit(DenyEvent event) {
    post(() -> listener.audit(event));
  }

  @Override
  public void replay(ReplayEvent event) {
    post(() -> listener.replay(event));
  }
}

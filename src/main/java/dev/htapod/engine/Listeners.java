package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.ReplayEvent;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.api.WebSocketMessageEvent;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/** Hands each event to every listener; one that throws is logged and does not stop the others. */
final class Listeners implements TapListener {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final List<TapListener> listeners;

  Listeners(List<TapListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void httpRequest(HttpExchangeEvent event) {
    each(listener -> listener.httpRequest(event));
  }

  @Override
  public void httpExchange(HttpExchangeEvent event) {
    each(listener -> listener.httpExchange(event));
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent event) {
    each(listener -> listener.webSocketMessage(event));
  }

  @Override
  public void tcpFlow(TcpFlowEvent event) {
    each(listener -> listener.tcpFlow(event));
  }

  @Override
  public void udpFlow(UdpFlowEvent event) {
    each(listener -> listener.udpFlow(event));
  }

  @Override
  public void icmpFlow(IcmpFlowEvent event) {
    each(listener -> listener.icmpFlow(event));
  }

  @Override
  public void dnsQuery(DnsQueryEvent event) {
    each(listener -> listener.dnsQuery(event));
  }

  @Override
  public void error(ErrorEvent event) {
    each(listener -> listener.error(event));
  }

  @Override
  public void summary(SummaryEvent event) {
    each(listener -> listener.summary(event));
  }

  @Override
  public void deny(DenyEvent event) {
    each(listener -> listener.deny(event));
  }

  @Override
  public void audit(DenyEvent event) {
    each(listener -> listener.audit(event));
  }

  @Override
  public void replay(ReplayEvent event) {
    each(listener -> listener.replay(event));
  }

  private void each(Consumer<TapListener> call) {
    for (TapListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a listener failed: " + e, e);
      }
    }
  }
}

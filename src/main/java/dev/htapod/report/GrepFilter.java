package dev.htapod.report;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.WebSocketMessageEvent;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code --grep}: passes on only the exchanges whose method, URL, headers or decoded body match,
 * and errors and denials (which say why something did not happen); flow and DNS events are left out, as the user asked for exchanges. A request can
 * only be judged with its response, so requests are not passed on by themselves.
 */
public final class GrepFilter implements TapListener {
  private final Pattern pattern;
  private final TapListener next;

  public GrepFilter(Pattern pattern, TapListener next) {
    this.pattern = pattern;
    this.next = next;
  }

  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    if (matches(exchange)) {
      next.httpExchange(exchange);
    }
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent message) {
    if (find(message.url())) {
      next.webSocketMessage(message);
    }
  }

  @Override
  public void error(ErrorEvent error) {
    next.error(error);
  }

  @Override
  public void summary(SummaryEvent summary) {
    next.summary(summary);
  }

  @Override
  public void deny(DenyEvent denial) {
    next.deny(denial);
  }

  @Override
  public void audit(DenyEvent audit) {
    next.audit(audit);
  }

  boolean matches(HttpExchangeEvent exchange) {
    return find(exchange.method()) || find(exchange.url()) || matches(exchange.request())
        || exchange.response() != null && matches(exchange.response());
  }

  private boolean matches(HttpMessage message) {
    for (HttpHeader header : message.headers()) {
      if (find(header.name() + ": " + header.value())) {
        return true;
      }
    }
    return message.body() != null && find(new String(message.body(), StandardCharsets.UTF_8));
  }

  private boolean find(String text) {
    return pattern.matcher(text).find();
  }
}

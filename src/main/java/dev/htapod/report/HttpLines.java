package dev.htapod.report;

import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.WebSocketMessageEvent;

/**
 * The text report's lines for HTTP: {@code --> GET url} when a request is complete, {@code <-- 200
 * GET url 13 B 4 ms} when its response is; headers and bodies, when asked for, follow on lines
 * indented by four spaces, so that {@code grep '^<-- '} still finds one line per exchange.
 */
final class HttpLines {
  private static final String INDENT = "    ";

  private final boolean headers;
  private final boolean bodies;
  private final Palette palette;

  HttpLines(boolean headers, boolean bodies, Palette palette) {
    this.headers = headers;
    this.bodies = bodies;
    this.palette = palette;
  }

  /** The request's line, then its headers and body when shown. */
  String request(HttpExchangeEvent exchange) {
    StringBuilder text = new StringBuilder();
    text.append(palette.request("-->")).append(' ').append(exchange.method()).append(' ').append(exchange.url());
    if (exchange.request().bodySize() > 0) {
      text.append(' ').append(exchange.request().bodySize()).append(" B");
    }
    text.append(By.flow(exchange.process()));
    details(text, exchange.request());
    return text.toString();
  }

  /** The response's line (or an ERR line when there was none), then its headers and body. */
  String response(HttpExchangeEvent exchange) {
    StringBuilder text = new StringBuilder();
    if (exchange.response() == null) {
      text.append(palette.error("ERR")).append(' ').append(exchange.method()).append(' ').append(exchange.url())
          .append(": ").append(exchange.error()).append(By.flow(exchange.process()));
      return text.toString();
    }
    text.append(palette.response("<--")).append(' ').append(palette.status(exchange.status())).append(' ')
        .append(exchange.method()).append(' ').append(exchange.url()).append(' ')
        .append(exchange.response().bodySize()).append(" B ").append(exchange.durationMs()).append(" ms");
    if (exchange.error() != null) {
      text.append(" (").append(exchange.error()).append(')');
    }
    text.append(By.flow(exchange.process()));
    details(text, exchange.response());
    return text.toString();
  }

  /** {@code WS --> text 5 B url}, with the payload when bodies are shown. */
  String webSocket(WebSocketMessageEvent message) {
    StringBuilder text = new StringBuilder("WS ");
    text.append(message.fromCommand() ? palette.request("-->") : palette.response("<--")).append(' ')
        .append(message.kind()).append(' ').append(message.size()).append(" B ").append(message.url())
        .append(By.flow(message.process()));
    if (bodies && message.payload() != null && message.size() > 0) {
      boolean complete = message.payload().length == message.size();
      body(text, BodyText.of(message.kind().equals("text") ? "text/plain" : null, message.payload(), complete),
          complete);
    }
    return text.toString();
  }

  private void details(StringBuilder text, HttpMessage message) {
    if (headers) {
      for (HttpHeader header : message.headers()) {
        text.append('\n').append(INDENT).append(palette.header(header.name())).append(": ").append(header.value());
      }
    }
    if (bodies && message.body() != null && message.bodySize() > 0) {
      if (headers) {
        text.append('\n'); // as in HTTP itself, an empty line between the head and the body
      }
      body(text, BodyText.of(message), message.bodyComplete());
    }
  }

  /** The body's lines, indented; a text cut by --max-body says so on a line of its own. */
  private static void body(StringBuilder text, BodyText body, boolean complete) {
    for (String line : body.shown().split("\r?\n")) { // no line for a final newline
      text.append('\n').append(INDENT).append(line);
    }
    if (body.isText() && !complete) {
      text.append('\n').append(INDENT).append("[cut by --max-body]");
    }
  }
}

package dev.htapod.http;

import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.TapListener;
import dev.htapod.api.WebSocketMessageEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that writes down what it is told, one readable line an event, and keeps the events:
 * {@code --> GET http://site.test/ HTTP/1.1} for a request, {@code <-- 200 GET http://site.test/
 * 5B "hello"} for an exchange ({@code <-- ---} without a response, {@code ! reason} when it
 * failed), {@code ws --> text 2B "hi"} for a WebSocket message. A body shows its size, then its kept
 * bytes when bodies are kept, with {@code …} when they are not all of it.
 */
final class EventLog implements TapListener {
  final List<HttpExchangeEvent> requests = new ArrayList<>();
  final List<HttpExchangeEvent> exchanges = new ArrayList<>();
  final List<WebSocketMessageEvent> messages = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  @Override
  public void httpRequest(HttpExchangeEvent event) {
    requests.add(event);
    lines.add("--> " + event.method() + " " + event.url() + " " + event.httpVersion() + body(event.request()));
  }

  @Override
  public void httpExchange(HttpExchangeEvent event) {
    exchanges.add(event);
    String status = event.response() == null ? "---" : String.valueOf(event.status());
    String body = event.response() == null ? "" : body(event.response());
    String error = event.error() == null ? "" : " ! " + event.error();
    lines.add("<-- " + status + " " + event.method() + " " + event.url() + body + error);
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent event) {
    messages.add(event);
    lines.add("ws " + (event.fromCommand() ? "-->" : "<--") + " " + event.kind()
        + bytes(event.size(), event.payload(), event.payload() == null || event.payload().length == event.size()));
  }

  /** A line of the test's own: {@code -- text}. */
  void note(String text) {
    lines.add("-- " + text);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The one exchange heard. */
  HttpExchangeEvent exchange() {
    if (exchanges.size() != 1) {
      throw new AssertionError("expected one exchange, heard " + lines);
    }
    return exchanges.get(0);
  }

  private static String body(HttpMessage message) {
    return message.bodySize() == 0 && (message.body() == null || message.body().length == 0) ? ""
        : bytes(message.bodySize(), message.body(), message.bodyComplete());
  }

  private static String bytes(long size, byte[] kept, boolean complete) {
    if (kept == null) {
      return " " + size + "B";
    }
    StringBuilder text = new StringBuilder(" ").append(size).append("B \"");
    for (byte b : kept) {
      text.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? String.valueOf((char) b)
          : String.format("\\x%02x", b & 0xff));
    }
    return text.append('"').append(complete ? "" : "…").toString();
  }
}

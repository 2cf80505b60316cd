package dev.htapod.report;

import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.HttpTimings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The exchanges the tests write. */
final class HarExchanges {
  static final Instant STARTED = Instant.parse("2025-03-04T05:06:07.123456Z");
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};

  private HarExchanges() {}

  static List<HttpExchangeEvent> all() {
    return List.of(getWithQuery(), postJson(), postForm(), postBinary(), image(), http2(), noResponse(),
        bodiesNotRecorded(), cutBody());
  }

  static HttpExchangeEvent getWithQuery() {
    HttpMessage request = message(0, null,
        h("Host", "site.test"), h("Cookie", "session=abc; theme=dark"), h("Accept", "*/*"));
    HttpMessage response = new HttpMessage(
        List.of(h("Content-Type", "text/html; charset=utf-8"), h("Content-Encoding", "gzip"),
            h("Set-Cookie", "seen=1; Path=/; HttpOnly")),
        40, text("<p>hello, world</p>"), true);
    return exchange("GET", "https://site.test/search?q=a+b&lang=en", "HTTP/1.1", 200, request, response,
        new HttpTimings(0.5, 10, 2), null);
  }

  static HttpExchangeEvent postJson() {
    HttpMessage request = message(14, text("{\"name\":\"tap\"}"), h("Content-Type", "application/json"));
    HttpMessage response = message(11, text("{\"id\":\"7\"}\n"), h("Content-Type", "application/json"));
    return exchange("POST", "http://10.0.2.2:8080/items", "HTTP/1.1", 201, request, response,
        new HttpTimings(1, 2, 3), null);
  }

  static HttpExchangeEvent postForm() {
    HttpMessage request = message(19, text("user=ann&note=a%26b"),
        h("Content-Type", "application/x-www-form-urlencoded"));
    return exchange("POST", "http://site.test/form", "HTTP/1.0", 303, request,
        message(0, new byte[0], h("Location", "/done")), new HttpTimings(1, 1, 0), null);
  }

  static HttpExchangeEvent postBinary() {
    HttpMessage request = message(PNG.length, PNG, h("Content-Type", "application/octet-stream"));
    return exchange("PUT", "http://site.test/blob", "HTTP/1.1", 204, request, message(0, new byte[0]),
        new HttpTimings(1, 1, 0), null);
  }

  static HttpExchangeEvent image() {
    return exchange("GET", "https://site.test/logo.png", "HTTP/1.1", 200, message(0, null),
        message(PNG.length, PNG, h("Content-Type", "image/png")), new HttpTimings(0, 1, 1), null);
  }

  static HttpExchangeEvent http2() {
    HttpMessage request = message(0, null, h(":method", "GET"), h(":scheme", "https"),
        h(":authority", "site.test"), h(":path", "/missing"), h("user-agent", "curl/8"), h("cookie", "a=1"));
    HttpMessage response = message(9, text("not found"), h(":status", "404"), h("content-type", "text/plain"));
    return exchange("GET", "https://site.test/missing", "HTTP/2", 404, request, response,
        new HttpTimings(0.25, 1.5, 0.25), null);
  }

  static HttpExchangeEvent noResponse() {
    return exchange("GET", "http://site.test/slow", "HTTP/1.1", 0, message(0, null), null,
        new HttpTimings(3, -1, -1), "connection reset by peer");
  }

  static HttpExchangeEvent bodiesNotRecorded() {
    HttpMessage request = message(5, null, h("Content-Type", "text/plain"));
    HttpMessage response = message(10, null, h("Content-Encoding", "br"), h("Location", "/elsewhere"));
    return exchange("POST", "http://site.test/echo", "HTTP/1.1", 302, request, response, null, null);
  }

  static HttpExchangeEvent cutBody() {
    HttpMessage response = new HttpMessage(List.of(h("Content-Type", "text/plain")), 10, text("abcd"), false);
    return exchange("GET", "http://site.test/big", "HTTP/1.1", 200, message(0, null), response,
        new HttpTimings(1, 1, 1), null);
  }

  private static HttpExchangeEvent exchange(String method, String url, String version, int status,
      HttpMessage request, HttpMessage response, HttpTimings timings, String error) {
    double total = timings == null ? 7 : timings.send() + Math.max(0, timings.waiting()) + Math.max(0, timings.receive());
    return new HttpExchangeEvent(method, url, version, status, STARTED, (long) total, request, response, timings,
        "192.0.2.10", 443, error, null);
  }

  private static HttpMessage message(long bodySize, byte[] body, HttpHeader... headers) {
    return new HttpMessage(List.of(headers), bodySize, body, true);
  }

  private static HttpHeader h(String name, String value) {
    return new HttpHeader(name, value);
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

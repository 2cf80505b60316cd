package dev.htapod.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import java.io.IOException;
import java.util.List;

/** The arrays a HAR request and response share: headers, cookies, name/value pairs. */
final class HarArrays {
  private HarArrays() {}

  /**
   * The header fields as sent, but not HTTP/2's pseudo-headers: HAR has fields of its own for
   * what they carry (method, url, status), and a header list with ":path" in it reads as HTTP/1
   * to tools that replay it.
   */
  static void headers(JsonGenerator json, List<HttpHeader> headers) throws IOException {
    json.writeArrayFieldStart("headers");
    for (HttpHeader header : headers) {
      if (!header.name().startsWith(":")) {
        pair(json, header.name(), header.value());
      }
    }
    json.writeEndArray();
  }

  /**
   * A message's "cookies" and "headers"; {@code cookies} come from its headers named {@code
   * cookieHeader}. A recording ({@code redaction} not null) redacts values and keeps trailers
   * apart, in "_trailers", as a replay must send them after the body.
   */
  static void headersAndCookies(JsonGenerator json, HttpMessage message, String cookieHeader,
      List<Cookie> cookies, Redaction redaction) throws IOException {
    if (redaction == null) {
      cookies(json, cookies);
      headers(json, message.headers());
      return;
    }
    cookies(json, redaction.cookies(cookieHeader, cookies));
    headers(json, redaction.headers(message.leadingHeaders()));
    List<HttpHeader> trailers = message.trailerFields();
    if (!trailers.isEmpty()) {
      json.writeFieldName("_trailers");
      json.writeStartArray();
      for (HttpHeader trailer : redaction.headers(trailers)) {
        pair(json, trailer.name(), trailer.value());
      }
      json.writeEndArray();
    }
  }

  static void fields(JsonGenerator json, String arrayName, List<FormField> fields) throws IOException {
    json.writeArrayFieldStart(arrayName);
    for (FormField field : fields) {
      pair(json, field.name(), field.value());
    }
    json.writeEndArray();
  }

  /** HAR 1.2 "cookies"; attributes a cookie does not have are left out. */
  static void cookies(JsonGenerator json, List<Cookie> cookies) throws IOException {
    json.writeArrayFieldStart("cookies");
    for (Cookie cookie : cookies) {
      json.writeStartObject();
      json.writeStringField("name", cookie.name());
      json.writeStringField("value", cookie.value());
      optional(json, "path", cookie.path());
      optional(json, "domain", cookie.domain());
      optional(json, "expires", cookie.expires() == null ? null : cookie.expires().toString());
      if (cookie.httpOnly() != null) {
        json.writeBooleanField("httpOnly", cookie.httpOnly());
      }
      if (cookie.secure() != null) {
        json.writeBooleanField("secure", cookie.secure());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  static void optional(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static void pair(JsonGenerator json, String name, String value) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("value", value);
    json.writeEndObject();
  }
}

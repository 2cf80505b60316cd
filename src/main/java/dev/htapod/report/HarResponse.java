package dev.htapod.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Writes an entry's "response" object (HAR 1.2), also for an exchange that got none. */
final class HarResponse {
  /** What Chrome writes as the type of content it knows nothing about. */
  private static final String UNKNOWN_TYPE = "x-unknown";

  private HarResponse() {}

  /** @param redaction for a recording, the header values it leaves out; null for --har */
  static void write(JsonGenerator json, HttpExchangeEvent exchange, Redaction redaction) throws IOException {
    HttpMessage response = exchange.response();
    json.writeObjectFieldStart("response");
    json.writeNumberField("status", exchange.status());
    json.writeStringField("statusText", StatusPhrases.of(exchange.status()));
    json.writeStringField("httpVersion", exchange.httpVersion());
    if (response == null) {
      noResponse(json);
    } else {
      Instant received = exchange.startedAt().plusMillis(exchange.durationMs());
      HarArrays.headersAndCookies(json, response, "Set-Cookie", Cookie.set(response, received), redaction);
      if (redaction != null && RecordedBody.recorded(response)) {
        RecordedBody.content(json, response, mimeType(response));
      } else {
        content(json, response);
      }
      String location = response.header("Location");
      json.writeStringField("redirectURL", location == null ? "" : location);
      json.writeNumberField("headersSize", -1);
      json.writeNumberField("bodySize", response.bodySize());
    }
    json.writeEndObject();
  }

  private static void noResponse(JsonGenerator json) throws IOException {
    HarArrays.cookies(json, List.of());
    HarArrays.headers(json, List.of());
    json.writeObjectFieldStart("content");
    json.writeNumberField("size", 0);
    json.writeStringField("mimeType", UNKNOWN_TYPE);
    json.writeEndObject();
    json.writeStringField("redirectURL", "");
    json.writeNumberField("headersSize", -1);
    json.writeNumberField("bodySize", 0);
  }

  /**
   * "size" is the decoded length, known when the whole body was recorded or when it has no
   * content coding; otherwise -1. Binary bodies go in base64, as HAR 1.2 allows for content.
   */
  private static void content(JsonGenerator json, HttpMessage response) throws IOException {
    boolean encoded = isEncoded(response.header("Content-Encoding"));
    byte[] body = response.body();
    long size = body != null && response.bodyComplete() ? body.length : encoded ? -1 : response.bodySize();
    json.writeObjectFieldStart("content");
    json.writeNumberField("size", size);
    if (encoded && size >= 0) {
      json.writeNumberField("compression", size - response.bodySize());
    }
    json.writeStringField("mimeType", mimeType(response));
    if (body != null) {
      BodyText text = BodyText.of(response);
      if (text.isText()) {
        json.writeStringField("text", text.text());
      } else {
        json.writeStringField("text", Base64.getEncoder().encodeToString(body));
        json.writeStringField("encoding", "base64");
      }
      if (!response.bodyComplete()) {
        json.writeStringField("comment", HarEntry.cutComment(body.length));
      }
    }
    json.writeEndObject();
  }

  private static String mimeType(HttpMessage response) {
    String contentType = response.header("Content-Type");
    return contentType == null ? UNKNOWN_TYPE : contentType;
  }

  private static boolean isEncoded(String contentEncoding) {
    return contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.strip().equalsIgnoreCase("identity");
  }
}

package dev.htapod.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpTimings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.temporal.ChronoUnit;

/** One exchange as a HAR 1.2 entry, serialized on its own so a failure cannot leave half an entry. */
final class HarEntry {
  private static final JsonFactory JSON = new JsonFactory();

  private HarEntry() {}

  static byte[] bytes(HttpExchangeEvent exchange) throws IOException {
    return bytes(exchange, null);
  }

  /**
   * @param redaction for a recording ({@code --record}), the header values it leaves out; a
   *     recording's entry also says what a replay needs: "connection", "_tls", "_order" and
   *     "_serverPort", and leaves out "_process". Null for {@code --har}.
   */
  static byte[] bytes(HttpExchangeEvent exchange, Redaction redaction) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      write(json, exchange, redaction);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator json, HttpExchangeEvent exchange, Redaction redaction)
      throws IOException {
    Timings timings = Timings.of(exchange);
    json.writeStartObject();
    json.writeStringField("startedDateTime", exchange.startedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    json.writeNumberField("time", timings.total());
    HarRequest.write(json, exchange, redaction);
    HarResponse.write(json, exchange, redaction);
    json.writeObjectFieldStart("cache");
    json.writeEndObject();
    timings.write(json);
    HarArrays.optional(json, "serverIPAddress", exchange.serverIp());
    if (redaction != null) {
      HarArrays.optional(json, "connection", exchange.connection());
      json.writeBooleanField("_tls", exchange.tls());
      json.writeNumberField("_order", exchange.sequence());
      json.writeNumberField("_serverPort", exchange.serverPort());
    }
    // HAR 1.2 allows custom fields whose names start with '_'.
    HarArrays.optional(json, "_error", exchange.error());
    // Not in a recording: the process's arguments may hold any secret (curl -H 'Authorization: ...').
    if (exchange.process() != null && redaction == null) {
      ProcessJson.write(json, "_process", exchange.process());
    }
    json.writeEndObject();
  }

  /** The comment on a body that the cap cut short. */
  static String cutComment(int recorded) {
    return "body cut to its first " + recorded + " B";
  }

  /**
   * HAR's send, wait and receive must not be negative, and "time" must be their sum; an exchange
   * without a response has no wait or receive, so those count 0 there. htapod cannot tell blocked,
   * dns, connect or ssl apart per request, so those are -1 ("does not apply").
   */
  private record Timings(double send, double waiting, double receive) {
    static Timings of(HttpExchangeEvent exchange) {
      HttpTimings timings = exchange.timings();
      if (timings == null) {
        return new Timings(millis(exchange.durationMs()), 0, 0);
      }
      return new Timings(millis(timings.send()), millis(timings.waiting()), millis(timings.receive()));
    }

    /** Rounded to microseconds, so the file shows 1.25 and not 1.2500000000000002. */
    private static double millis(double value) {
      return value > 0 ? Math.round(value * 1000) / 1000.0 : 0;
    }

    double total() {
      return millis(send + waiting + receive);
    }

    void write(JsonGenerator json) throws IOException {
      json.writeObjectFieldStart("timings");
      json.writeNumberField("blocked", -1);
      json.writeNumberField("dns", -1);
      json.writeNumberField("connect", -1);
      json.writeNumberField("send", send);
      json.writeNumberField("wait", waiting);
      json.writeNumberField("receive", receive);
      json.writeNumberField("ssl", -1);
      json.writeEndObject();
    }
  }
}

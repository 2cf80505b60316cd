package dev.htapod.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HostSummary;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.ProcessSummary;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.api.UnusedPolicyLine;
import dev.htapod.api.WebSocketMessageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** One JSON object per event and line (JSON Lines), with the fields of the README's schema. */
public final class JsonLinesReporter implements TapListener {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputStream out;
  private final boolean bodies;
  private final boolean verbose;

  /**
   * @param bodies whether http objects carry bodies
   * @param verbose whether WebSocket messages are reported
   */
  public JsonLinesReporter(OutputStream out, boolean bodies, boolean verbose) {
    this.out = out;
    this.bodies = bodies;
    this.verbose = verbose;
  }

  /** Writes one object's fields. */
  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    object("http", json -> {
      json.writeStringField("method", exchange.method());
      json.writeStringField("url", exchange.url());
      json.writeNumberField("status", exchange.status());
      json.writeStringField("httpVersion", exchange.httpVersion());
      json.writeStringField("startedAt", exchange.startedAt().toString());
      json.writeNumberField("durationMs", exchange.durationMs());
      json.writeStringField("serverIp", exchange.serverIp());
      json.writeNumberField("serverPort", exchange.serverPort());
      json.writeFieldName("request");
      message(json, exchange.request());
      json.writeFieldName("response");
      message(json, exchange.response());
      json.writeObjectFieldStart("timings");
      json.writeNumberField("send", exchange.timings().send());
      json.writeNumberField("wait", exchange.timings().waiting());
      json.writeNumberField("receive", exchange.timings().receive());
      json.writeEndObject();
      json.writeStringField("error", exchange.error());
      ProcessJson.write(json, "process", exchange.process());
    });
  }

  private void message(JsonGenerator json, HttpMessage message) throws IOException {
    if (message == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeArrayFieldStart("headers");
    for (HttpHeader header : message.headers()) {
      json.writeStartObject();
      json.writeStringField("name", header.name());
      json.writeStringField("value", header.value());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberField("bodySize", message.bodySize());
    if (bodies && message.body() != null) {
      body(json, message.header("Content-Type"), message.body(), message.bodyComplete());
      json.writeBooleanField("bodyComplete", message.bodyComplete());
    }
    json.writeEndObject();
  }

  /** Text as {@code body}; anything else as {@code bodyBase64}, so the line stays valid JSON. */
  private static void body(JsonGenerator json, String contentType, byte[] body, boolean complete)
      throws IOException {
    BodyText text = BodyText.of(contentType, body, complete);
    if (text.isText()) {
      json.writeStringField("body", text.text());
    } else {
      json.writeStringField("bodyBase64", Base64.getEncoder().encodeToString(body));
    }
  }

  /**
   * Always the last object: per host and per process, requests, statuses, bytes, errors and
   * denials; per process also the hosts it talked to; then every destination with its policy
   * verdict and processes, and the policy lines nothing used.
   */
  @Override
  public void summary(SummaryEvent summary) {
    object("summary", json -> {
      json.writeArrayFieldStart("hosts");
      for (HostSummary host : summary.hosts()) {
        json.writeStartObject();
        json.writeStringField("host", host.host());
        counts(json, host.requests(), host.statuses(), host.bytesOut(), host.bytesIn(), host.errors(), host.denied());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("processes");
      for (ProcessSummary process : summary.processes()) {
        json.writeStartObject();
        ProcessJson.write(json, "process", process.process());
        counts(json, process.requests(), process.statuses(), process.bytesOut(), process.bytesIn(), process.errors(),
            process.denied());
        json.writeArrayFieldStart("hosts");
        for (String host : process.hosts()) {
          json.writeString(host);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      destinations(json, summary);
    });
  }

  /** Every destination with its verdict and processes, and the policy lines nothing used. */
  private static void destinations(JsonGenerator json, SummaryEvent summary) throws IOException {
    json.writeArrayFieldStart("destinations");
    for (DestinationUse use : summary.destinations()) {
      json.writeStartObject();
      json.writeStringField("pattern", use.pattern());
      json.writeStringField("host", use.host());
      json.writeStringField("ip", use.ip());
      json.writeNumberField("port", use.port());
      json.writeStringField("verdict", use.verdict().name().toLowerCase(Locale.ROOT));
      json.writeObjectFieldStart("processes");
      for (Map.Entry<String, Long> process : use.processes().entrySet()) {
        json.writeNumberField(process.getKey(), process.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("unusedPolicyLines");
    for (UnusedPolicyLine unused : summary.unusedPolicyLines()) {
      json.writeStartObject();
      json.writeStringField("file", unused.file());
      json.writeNumberField("line", unused.line());
      json.writeStringField("pattern", unused.pattern());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void counts(JsonGenerator json, long requests, Map<Integer, Long> statuses, long bytesOut,
      long bytesIn, long errors, long denied) throws IOException {
    json.writeNumberField("requests", requests);
    json.writeObjectFieldStart("statuses");
    for (var status : statuses.entrySet()) {
      json.writeNumberField(Integer.toString(status.getKey()), status.getValue());
    }
    json.writeEndObject();
    json.writeNumberField("bytesOut", bytesOut);
    json.writeNumberField("bytesIn", bytesIn);
    json.writeNumberField("errors", errors);
    json.writeNumberField("denied", denied);
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent message) {
    if (!verbose) {
      return;
    }
    object("websocket", json -> {
      json.writeStringField("url", message.url());
      json.writeBooleanField("fromCommand", message.fromCommand());
      json.writeStringField("kind", message.kind());
      json.writeNumberField("size", message.size());
      if (bodies && message.payload() != null) {
        body(json, message.kind().equals("text") ? "text/plain" : null, message.payload(),
            message.payload().length == message.size());
      }
      ProcessJson.write(json, "process", message.process());
    });
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    object("tcp", json -> {
      json.writeStringField("host", flow.host());
      json.writeStringField("ip", flow.ip());
      json.writeNumberField("port", flow.port());
      json.writeStringField("outcome", flow.outcome().name().toLowerCase(Locale.ROOT));
      json.writeNumberField("bytesOut", flow.bytesOut());
      json.writeNumberField("bytesIn", flow.bytesIn());
      json.writeStringField("startedAt", flow.startedAt().toString());
      json.writeNumberField("durationMs", flow.durationMs());
      if (flow.tls() == null) {
        json.writeNullField("tls");
      } else {
        json.writeObjectFieldStart("tls");
        json.writeStringField("serverName", flow.tls().serverName());
        json.writeStringField("protocol", flow.tls().protocol());
        json.writeStringField("version", flow.tls().version());
        json.writeBooleanField("decrypted", flow.tls().decrypted());
        json.writeEndObject();
      }
      ProcessJson.write(json, "process", flow.process());
    });
  }

  @Override
  public void udpFlow(UdpFlowEvent flow) {
    object("udp", json -> {
      json.writeStringField("host", flow.host());
      json.writeStringField("ip", flow.ip());
      json.writeNumberField("port", flow.port());
      json.writeNumberField("datagramsOut", flow.datagramsOut());
      json.writeNumberField("datagramsIn", flow.datagramsIn());
      json.writeNumberField("bytesOut", flow.bytesOut());
      json.writeNumberField("bytesIn", flow.bytesIn());
      json.writeStringField("startedAt", flow.startedAt().toString());
      json.writeNumberField("durationMs", flow.durationMs());
      ProcessJson.write(json, "process", flow.process());
    });
  }

  @Override
  public void icmpFlow(IcmpFlowEvent flow) {
    object("icmp", json -> {
      json.writeStringField("host", flow.host());
      json.writeStringField("ip", flow.ip());
      json.writeNumberField("echoRequests", flow.echoRequests());
      json.writeNumberField("echoReplies", flow.echoReplies());
      json.writeStringField("startedAt", flow.startedAt().toString());
      json.writeNumberField("durationMs", flow.durationMs());
    });
  }

  @Override
  public void dnsQuery(DnsQueryEvent query) {
    object("dns", json -> {
      json.writeStringField("name", query.name());
      json.writeStringField("qtype", query.qtype());
      json.writeArrayFieldStart("answers");
      for (String answer : query.answers()) {
        json.writeString(answer);
      }
      json.writeEndArray();
      json.writeStringField("source", query.source());
      ProcessJson.write(json, "process", query.process());
    });
  }

  @Override
  public void error(ErrorEvent error) {
    object("error", json -> {
      json.writeStringField("subject", error.subject());
      json.writeStringField("message", error.message());
      ProcessJson.write(json, "process", error.process());
    });
  }

  @Override
  public void deny(DenyEvent denial) {
    refusal("deny", denial);
  }

  /** What the policy would have refused, let through: as a deny object. */
  @Override
  public void audit(DenyEvent audit) {
    refusal("audit", audit);
  }

  private void refusal(String type, DenyEvent denial) {
    object(type, json -> {
      json.writeStringField("protocol", denial.protocol());
      json.writeStringField("host", denial.host());
      json.writeStringField("ip", denial.ip());
      json.writeNumberField("port", denial.port());
      json.writeStringField("deniedBy", denial.deniedBy());
      json.writeStringField("reason", denial.reason());
      ProcessJson.write(json, "process", denial.process());
    });
  }

  private void object(String type, Fields fields) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("type", type);
      fields.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    line.write('\n');
    synchronized (out) {
      try {
        line.writeTo(out);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

package dev.htapod.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** One JSON object per event and line (JSON Lines), with the fields of the README's schema. */
public final class JsonLinesReporter implements TapListener {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputStream out;

  public JsonLinesReporter(OutputStream out) {
    this.out = out;
  }

  /** Writes one object's fields. */
  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    object("tcp", json -> {
      json.writeStringField("host", flow.host());
      json.writeStringField("ip", flow.ip());
      json.writeNumberField("port", flow.port());
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
    });
  }

  @Override
  public void error(ErrorEvent error) {
    object("error", json -> {
      json.writeStringField("subject", error.subject());
      json.writeStringField("message", error.message());
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

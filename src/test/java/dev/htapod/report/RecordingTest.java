package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.HttpTimings;
import dev.htapod.api.RecordSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recording (--record) writes beyond --har: whole bodies, wire bytes, redaction, replay fields. */
class RecordingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BINARY = {0, 1, 2, (byte) 0xff, (byte) 0x89, 'P', 'N', 'G', 0x1a};

  @TempDir Path dir;

  @Test
  void keepsTheWireBytesAndTheDecodedTextOfAGzippedBody() throws IOException {
    String page = "<p>" + "hello, world ".repeat(10_000) + "\u00e9</p>";
    byte[] gzipped = gzip(page.getBytes(StandardCharsets.UTF_8));
    HttpMessage response = new HttpMessage(
        List.of(h("Content-Type", "text/html; charset=utf-8"), h("Content-Encoding", "gzip"), h("Grpc-Status", "0")),
        gzipped.length, Arrays.copyOf(page.getBytes(StandardCharsets.UTF_8), 10), false, gzipped, 1);
    JsonNode entry = recorded(settings(false), exchange(request(), response));
    JsonNode content = entry.get("response").get("content");
    assertThat(content.get("text").asText()).isEqualTo(page);
    assertThat(content.has("encoding")).isFalse();
    assertThat(Base64.getDecoder().decode(content.get("_wireBase64").asText())).isEqualTo(gzipped);
    assertThat(content.get("size").asLong()).isEqualTo(page.getBytes(StandardCharsets.UTF_8).length);
    assertThat(entry.get("response").get("headers").toString()).doesNotContain("Grpc-Status");
    assertThat(entry.get("response").get("_trailers").toString())
        .isEqualTo("[{\"name\":\"Grpc-Status\",\"value\":\"0\"}]");
    assertThat(entry.get("_order").asLong()).isEqualTo(7);
    assertThat(entry.get("_serverPort").asInt()).isEqualTo(8443);
    assertThat(entry.get("connection").asText()).isEqualTo("10.0.2.100:40000");
    assertThat(entry.get("_tls").asBoolean()).isTrue();
    assertThat(entry.get("request").get("httpVersion").asText()).isEqualTo("HTTP/2");
    HarSchema.assertEntry(entry);
  }

  @Test
  void binaryBodiesGoInBase64Whole() throws IOException {
    HttpMessage request = new HttpMessage(List.of(h("Content-Type", "application/octet-stream")), BINARY.length,
        null, false, BINARY, 0);
    HttpMessage response = new HttpMessage(List.of(h("Content-Type", "image/png")), BINARY.length,
        null, false, BINARY, 0);
    JsonNode entry = recorded(settings(false), exchange(request, response));
    JsonNode postData = entry.get("request").get("postData");
    assertThat(postData.get("_encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(postData.get("text").asText())).isEqualTo(BINARY);
    JsonNode content = entry.get("response").get("content");
    assertThat(content.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(content.get("text").asText())).isEqualTo(BINARY);
    assertThat(content.has("_wireBase64")).isFalse();
  }

  @Test
  void textThatWouldNotComeBackAsTheSameBytesGoesInBase64() throws IOException {
    byte[] notUtf8 = {'a', (byte) 0xc3, 'b'};
    HttpMessage response = new HttpMessage(List.of(h("Content-Type", "text/plain")), 3, null, false, notUtf8, 0);
    JsonNode content = recorded(settings(false), exchange(request(), response)).get("response").get("content");
    assertThat(content.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(content.get("text").asText())).isEqualTo(notUtf8);
  }

  @Test
  void aCorruptCodingKeepsTheWireBytesAndSaysWhy() throws IOException {
    byte[] notGzip = "plain".getBytes(StandardCharsets.US_ASCII);
    HttpMessage response = new HttpMessage(List.of(h("Content-Encoding", "gzip")), 5, null, false, notGzip, 0);
    JsonNode content = recorded(settings(false), exchange(request(), response)).get("response").get("content");
    assertThat(content.has("text")).isFalse();
    assertThat(content.get("comment").asText()).startsWith("not decoded: corrupt gzip body");
    assertThat(Base64.getDecoder().decode(content.get("_wireBase64").asText())).isEqualTo(notGzip);
  }

  @Test
  void secretsAreRedactedUnlessKept() throws IOException {
    HttpMessage response = new HttpMessage(List.of(h("Set-Cookie", "sid=s3cret; Path=/; HttpOnly"),
        h("X-Token", "t0ken")), 0, null, false, new byte[0], 0);
    HttpExchangeEvent exchange = exchange(request(), response);

    String redacted = recorded(new RecordSettings(dir.resolve("a.har"), false, List.of("x-TOKEN")), exchange)
        .toString();
    assertThat(redacted).doesNotContain("s3cret", "t0ken", "Bearer abc", "pw=1", "Basic xyz");
    JsonNode entry = JSON.readTree(redacted);
    assertThat(entry.get("request").get("cookies").toString())
        .isEqualTo("[{\"name\":\"pw\",\"value\":\"[redacted]\"}]");
    assertThat(entry.get("response").get("cookies").get(0).get("name").asText()).isEqualTo("sid");
    assertThat(entry.get("response").get("cookies").get(0).get("httpOnly").asBoolean()).isTrue();
    assertThat(entry.get("request").get("headers").toString()).contains(
        "{\"name\":\"Authorization\",\"value\":\"[redacted]\"}",
        "{\"name\":\"Proxy-Authorization\",\"value\":\"[redacted]\"}",
        "{\"name\":\"Cookie\",\"value\":\"[redacted]\"}",
        "{\"name\":\"Accept\",\"value\":\"*/*\"}");

    String kept = recorded(new RecordSettings(dir.resolve("b.har"), true, List.of("X-Token")), exchange).toString();
    assertThat(kept).contains("s3cret", "Bearer abc", "pw=1", "Basic xyz").doesNotContain("t0ken");
  }

  private JsonNode recorded(RecordSettings settings, HttpExchangeEvent exchange) throws IOException {
    try (HarWriter recording = HarWriter.recording(settings)) {
      recording.httpExchange(exchange);
    }
    JsonNode entries = JSON.readTree(settings.file().toFile()).get("log").get("entries");
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  private RecordSettings settings(boolean keepSecrets) {
    return new RecordSettings(dir.resolve("run.har"), keepSecrets, List.of());
  }

  private static HttpMessage request() {
    return new HttpMessage(List.of(h("Authorization", "Bearer abc"), h("Cookie", "pw=1"),
        h("Proxy-Authorization", "Basic xyz"), h("Accept", "*/*")), 0, null, false, new byte[0], 0);
  }

  private static HttpExchangeEvent exchange(HttpMessage request, HttpMessage response) {
    return new HttpExchangeEvent("GET", "https://site.test:8443/a", "HTTP/2", 200, HarExchanges.STARTED, 3,
        request, response, new HttpTimings(1, 1, 1), "127.0.0.1", 8443, null, null, 7, "10.0.2.100:40000", true);
  }

  private static HttpHeader h(String name, String value) {
    return new HttpHeader(name, value);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}

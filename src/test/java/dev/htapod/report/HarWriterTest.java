package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.api.HttpExchangeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG = HarExchanges.PNG;

  @TempDir Path dir;

  @Test
  void everyExchangeBecomesACompleteEntry() throws IOException {
    Path file = dir.resolve("run.har");
    List<HttpExchangeEvent> exchanges = HarExchanges.all();
    try (HarWriter har = new HarWriter(file)) {
      exchanges.forEach(har::httpExchange);
    }
    JsonNode log = JSON.readTree(file.toFile()).get("log");
    assertThat(log.get("version").asText()).isEqualTo("1.2");
    assertThat(log.get("creator").get("name").asText()).isEqualTo("htapod");
    assertThat(log.get("creator").get("version").asText()).isEqualTo("dev");
    assertThat(log.get("entries")).hasSize(exchanges.size());
    log.get("entries").forEach(HarSchema::assertEntry);
  }

  @Test
  void aGetWithAQueryAndCookies() throws IOException {
    JsonNode entry = only(HarExchanges.getWithQuery());
    assertThat(entry.get("startedDateTime").asText()).isEqualTo("2025-03-04T05:06:07.123Z");
    assertThat(entry.get("time").asDouble()).isEqualTo(12.5);
    JsonNode request = entry.get("request");
    assertThat(request.get("url").asText()).isEqualTo("https://site.test/search?q=a+b&lang=en");
    assertThat(request.get("queryString").toString())
        .isEqualTo("[{\"name\":\"q\",\"value\":\"a b\"},{\"name\":\"lang\",\"value\":\"en\"}]");
    assertThat(request.get("cookies").toString())
        .isEqualTo("[{\"name\":\"session\",\"value\":\"abc\"},{\"name\":\"theme\",\"value\":\"dark\"}]");
    assertThat(request.has("postData")).isFalse();
    JsonNode response = entry.get("response");
    assertThat(response.get("statusText").asText()).isEqualTo("OK");
    assertThat(response.get("cookies").get(0).get("name").asText()).isEqualTo("seen");
    assertThat(response.get("cookies").get(0).get("httpOnly").asBoolean()).isTrue();
    JsonNode content = response.get("content");
    assertThat(content.get("text").asText()).isEqualTo("<p>hello, world</p>");
    assertThat(content.has("encoding")).isFalse();
    assertThat(content.get("size").asLong()).isEqualTo(19);
    assertThat(content.get("compression").asLong()).isEqualTo(19 - 40);
    assertThat(response.get("bodySize").asLong()).isEqualTo(40);
    assertThat(entry.get("timings").get("wait").asDouble()).isEqualTo(10);
    assertThat(entry.get("serverIPAddress").asText()).isEqualTo("192.0.2.10");
  }

  @Test
  void aPostWithJsonKeepsItsText() throws IOException {
    JsonNode postData = only(HarExchanges.postJson()).get("request").get("postData");
    assertThat(postData.get("mimeType").asText()).isEqualTo("application/json");
    assertThat(postData.get("text").asText()).isEqualTo("{\"name\":\"tap\"}");
    assertThat(postData.get("params")).isEmpty();
  }

  @Test
  void aFormPostAlsoHasParams() throws IOException {
    JsonNode postData = only(HarExchanges.postForm()).get("request").get("postData");
    assertThat(postData.get("text").asText()).isEqualTo("user=ann&note=a%26b");
    assertThat(postData.get("params").toString())
        .isEqualTo("[{\"name\":\"user\",\"value\":\"ann\"},{\"name\":\"note\",\"value\":\"a&b\"}]");
  }

  @Test
  void aBinaryPostIsSummarized() throws IOException {
    JsonNode postData = only(HarExchanges.postBinary()).get("request").get("postData");
    assertThat(postData.get("text").asText()).isEqualTo("[binary body: application/octet-stream, 14 B]");
  }

  @Test
  void aBinaryResponseIsBase64() throws IOException {
    JsonNode content = only(HarExchanges.image()).get("response").get("content");
    assertThat(content.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(content.get("text").asText())).isEqualTo(PNG);
    assertThat(content.get("mimeType").asText()).isEqualTo("image/png");
    assertThat(content.get("size").asLong()).isEqualTo(PNG.length);
    assertThat(content.has("compression")).isFalse();
  }

  @Test
  void http2PseudoHeadersAreLeftOut() throws IOException {
    JsonNode entry = only(HarExchanges.http2());
    assertThat(entry.get("request").get("httpVersion").asText()).isEqualTo("HTTP/2");
    assertThat(names(entry.get("request").get("headers"))).containsExactly("user-agent", "cookie");
    assertThat(names(entry.get("response").get("headers"))).containsExactly("content-type");
    assertThat(entry.get("response").get("status").asInt()).isEqualTo(404);
    assertThat(entry.get("response").get("statusText").asText()).isEqualTo("Not Found");
  }

  @Test
  void anExchangeWithoutAResponseIsStillAnEntry() throws IOException {
    JsonNode entry = only(HarExchanges.noResponse());
    assertThat(entry.get("response").get("status").asInt()).isZero();
    assertThat(entry.get("response").get("statusText").asText()).isEmpty();
    assertThat(entry.get("response").get("content").get("size").asLong()).isZero();
    assertThat(entry.get("response").get("content").has("text")).isFalse();
    assertThat(entry.get("_error").asText()).isEqualTo("connection reset by peer");
    assertThat(entry.get("timings").get("wait").asDouble()).isZero();
    assertThat(entry.get("time").asDouble()).isEqualTo(3);
  }

  @Test
  void bodiesNotRecordedHaveNoText() throws IOException {
    JsonNode entry = only(HarExchanges.bodiesNotRecorded());
    JsonNode postData = entry.get("request").get("postData");
    assertThat(postData.has("text")).isFalse();
    assertThat(postData.get("mimeType").asText()).isEqualTo("text/plain");
    JsonNode content = entry.get("response").get("content");
    assertThat(content.has("text")).isFalse();
    assertThat(content.get("size").asLong()).isEqualTo(-1);
    assertThat(entry.get("response").get("redirectURL").asText()).isEqualTo("/elsewhere");
  }

  @Test
  void aCutBodySaysSo() throws IOException {
    JsonNode content = only(HarExchanges.cutBody()).get("response").get("content");
    assertThat(content.get("text").asText()).isEqualTo("abcd");
    assertThat(content.get("comment").asText()).isEqualTo("body cut to its first 4 B");
    assertThat(content.get("size").asLong()).isEqualTo(10);
  }

  @Test
  void theFileIsValidAfterEveryEntryBeforeClose() throws IOException {
    Path file = dir.resolve("live.har");
    try (HarWriter har = new HarWriter(file)) {
      assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).isEmpty();
      har.httpExchange(HarExchanges.getWithQuery());
      assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).hasSize(1);
      har.httpExchange(HarExchanges.postJson());
      assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).hasSize(2);
    }
    assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).hasSize(2);
  }

  @Test
  void closingTwiceIsFineAndLaterEventsAreDropped() throws IOException {
    Path file = dir.resolve("twice.har");
    HarWriter har = new HarWriter(file);
    har.httpExchange(HarExchanges.image());
    har.close();
    har.close();
    har.httpExchange(HarExchanges.image());
    assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).hasSize(1);
  }

  @Test
  void aNewWriterEmptiesAnOldFile() throws IOException {
    Path file = dir.resolve("old.har");
    Files.writeString(file, "x".repeat(10_000));
    new HarWriter(file).close();
    assertThat(JSON.readTree(file.toFile()).get("log").get("entries")).isEmpty();
  }

  @Test
  void concurrentEventsAllArrive() throws Exception {
    Path file = dir.resolve("busy.har");
    int threads = 4;
    int each = 50;
    try (HarWriter har = new HarWriter(file)) {
      runConcurrently(threads, () -> {
        for (int i = 0; i < each; i++) {
          har.httpExchange(HarExchanges.all().get(i % HarExchanges.all().size()));
        }
      });
    }
    JsonNode entries = JSON.readTree(file.toFile()).get("log").get("entries");
    assertThat(entries).hasSize(threads * each);
    entries.forEach(HarSchema::assertEntry);
  }

  @Test
  void closeDuringEventsLeavesAValidFile() throws Exception {
    Path file = dir.resolve("racing.har");
    HarWriter har = new HarWriter(file);
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        writers.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            har.httpExchange(HarExchanges.postJson());
            started.countDown();
          }
        }));
      }
      started.await(10, TimeUnit.SECONDS);
      har.close();
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode entries = JSON.readTree(file.toFile()).get("log").get("entries");
    assertThat(entries.size()).isBetween(1, 1000);
    entries.forEach(HarSchema::assertEntry);
  }

  private static void runConcurrently(int threads, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(work));
      }
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode only(HttpExchangeEvent exchange) throws IOException {
    Path file = Files.createTempFile(dir, "one", ".har");
    try (HarWriter har = new HarWriter(file)) {
      har.httpExchange(exchange);
    }
    JsonNode entries = JSON.readTree(file.toFile()).get("log").get("entries");
    assertThat(entries).hasSize(1);
    HarSchema.assertEntry(entries.get(0));
    return entries.get(0);
  }

  private static List<String> names(JsonNode headers) {
    List<String> names = new ArrayList<>();
    headers.forEach(header -> names.add(header.get("name").asText()));
    return names;
  }
}

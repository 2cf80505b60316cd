package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.e2e.HtapodProcess.Result;
import dev.htapod.report.HarSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies decoded from each content coding, JSON Lines and HAR, from curl through htapod. */
class ReportFormatsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EncodingTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new EncodingTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String path) {
    return "http://site.test:" + server.port() + path;
  }

  private static Result run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--resolve", "site.test=127.0.0.1"));
    all.addAll(List.of(args));
    return HtapodProcess.run(all.toArray(String[]::new));
  }

  /** curl fetching /gzip, /br and /zstd, decoding them itself, and posting JSON to /echo. */
  private static List<String> curl() {
    return List.of("curl", "-sS", "--compressed", url("/gzip"), url("/br"), url("/zstd"),
        "-H", "Content-Type: application/json", "--data-binary", "{\"hello\": 1}", url("/echo"));
  }

  private static String[] with(List<String> options, List<String> command) {
    List<String> all = new ArrayList<>(options);
    all.add("--");
    all.addAll(command);
    return all.toArray(String[]::new);
  }

  @Test
  void bodiesAreShownDecoded() throws Exception {
    // curl's list of URLs shares the POST's body only with --next; here each URL is a GET but the last.
    Result result = run(with(List.of("--body"), List.of("sh", "-c",
        "curl -sS --compressed " + url("/gzip") + " " + url("/br") + " " + url("/zstd")
            + " && curl -sS -H 'Content-Type: application/json' --data-binary '{\"hello\": 1}' " + url("/echo"))));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(EncodingTestServer.TEXT.repeat(3) + "{\"hello\": 1}");
    List<String> lines = result.stderrLines();
    for (String coding : List.of("gzip", "br", "zstd")) {
      int response = lines.indexOf(lines.stream()
          .filter(line -> line.startsWith("<-- 200 GET " + url("/" + coding) + " ")).findFirst().orElseThrow());
      assertThat(lines.get(response)).matches(".* (\\d+) B \\d+ ms")
          .as("the size on the wire is the encoded one").doesNotContain(" " + EncodingTestServer.TEXT.length() + " B");
      assertThat(lines.get(response + 1)).isEqualTo("    " + EncodingTestServer.TEXT.strip());
    }
    assertThat(result.stderrLines()).containsSubsequence(
        "--> POST " + url("/echo") + " 12 B", "    {\"hello\": 1}");
  }

  @Test
  void jsonLinesCarryTheSchema() throws Exception {
    Result result = run(with(List.of("--format", "json", "--body"), List.of("sh", "-c",
        "curl -sS --compressed " + url("/br") + " && curl -sS --data-binary '{\"hello\": 1}' " + url("/echo"))));
    assertThat(result.status()).as(result.stderr()).isZero();
    List<JsonNode> http = new ArrayList<>();
    for (String line : result.stderrLines()) {
      JsonNode object = JSON.readTree(line);
      assertThat(object.path("type").asText()).isIn("http", "tcp", "udp", "dns", "error", "summary");
      if (object.path("type").asText().equals("http")) {
        http.add(object);
      }
    }
    assertThat(http).hasSize(2);
    JsonNode get = http.get(0);
    assertThat(get.path("method").asText()).isEqualTo("GET");
    assertThat(get.path("url").asText()).isEqualTo(url("/br"));
    assertThat(get.path("status").asInt()).isEqualTo(200);
    assertThat(get.path("httpVersion").asText()).isEqualTo("HTTP/1.1");
    assertThat(java.time.Instant.parse(get.path("startedAt").asText())).isNotNull();
    assertThat(get.path("durationMs").isNumber()).isTrue();
    assertThat(get.path("request").path("headers")).anySatisfy(header -> {
      assertThat(header.path("name").asText()).isEqualTo("Accept-Encoding");
      assertThat(header.path("value").asText()).contains("br");
    });
    assertThat(get.path("response").path("bodySize").asLong()).isPositive()
        .isLessThan(EncodingTestServer.TEXT.length());
    assertThat(get.path("response").path("body").asText()).isEqualTo(EncodingTestServer.TEXT);
    JsonNode post = http.get(1);
    assertThat(post.path("request").path("bodySize").asLong()).isEqualTo(12);
    assertThat(post.path("request").path("body").asText()).isEqualTo("{\"hello\": 1}");
  }

  @Test
  void harHasAnEntryPerRequestAndQuietPrintsNothing(@TempDir Path dir) throws Exception {
    Path har = dir.resolve("run.har");
    Result result = run(with(List.of("-q", "--har", har.toString()), curl()));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    JsonNode log = JSON.readTree(Files.readString(har)).path("log");
    assertThat(log.path("version").asText()).isEqualTo("1.2");
    assertThat(log.path("entries")).hasSize(4).allSatisfy(HarSchema::assertEntry);
    JsonNode post = log.path("entries").get(3);
    assertThat(post.path("request").path("method").asText()).isEqualTo("POST");
    assertThat(post.path("request").path("postData").path("text").asText()).isEqualTo("{\"hello\": 1}");
    assertThat(log.path("entries").get(1).path("response").path("content").path("text").asText())
        .isEqualTo(EncodingTestServer.TEXT);
  }

  @Test
  void maxBodyCutsWhatIsShownNotWhatIsRelayed() throws Exception {
    Result result = run(with(List.of("--body", "--max-body", "16"), List.of("curl", "-sS", "--compressed", url("/gzip"))));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(EncodingTestServer.TEXT);
    List<String> lines = result.stderrLines();
    int response = lines.indexOf(lines.stream().filter(line -> line.startsWith("<-- 200 GET ")).findFirst().orElseThrow());
    assertThat(lines.subList(response + 1, response + 3))
        .containsExactly("    " + EncodingTestServer.TEXT.substring(0, 16), "    [cut by --max-body]");
  }

  @Test
  void colourWhenAsked() throws Exception {
    Result result = run(with(List.of("--color", "always"), List.of("curl", "-sS", "-d", "x", url("/echo"))));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines())
        .contains("\u001b[1;36m-->\u001b[0m POST " + url("/echo") + " 1 B")
        .anySatisfy(line -> assertThat(line).startsWith("\u001b[1;35m<--\u001b[0m \u001b[32m200\u001b[0m POST "));
    Result plain = run(with(List.of(), List.of("curl", "-sS", "-d", "x", url("/echo"))));
    assertThat(plain.stderr()).as("auto: stderr is a pipe here").doesNotContain("\u001b[");
  }

  @Test
  void harIsCompleteAfterCtrlC(@TempDir Path dir) throws Exception {
    Path har = dir.resolve("interrupted.har");
    HtapodProcess htapod = HtapodProcess.start("--resolve", "site.test=127.0.0.1", "--har", har.toString(), "--",
        "sh", "-c", "curl -sS -o /dev/null " + url("/br") + " && echo fetched && exec sleep 60");
    htapod.awaitStdout("fetched");
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(htapod.pid())).start().waitFor()).isZero();
    Result result = htapod.await();
    assertThat(result.status()).isEqualTo(128 + 2);
    JsonNode entries = JSON.readTree(Files.readString(har)).path("log").path("entries");
    assertThat(entries).singleElement().satisfies(HarSchema::assertEntry);
  }

  @Test
  void concurrentExchangesNeverShareALine() throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--no-progress-meter", "--parallel", "--parallel-immediate",
        "--parallel-max", "20", "-o", "/dev/null"));
    for (int i = 0; i < 20; i++) {
      command.addAll(List.of(url("/zstd?n=" + i), "-o", "/dev/null"));
    }
    command.remove(command.size() - 1);
    command.remove(command.size() - 1);
    Result result = run(with(List.of("--head"), command));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines()).allSatisfy(line -> assertThat(line)
        .matches("(--> GET \\S+|<-- 200 GET \\S+ \\d+ B \\d+ ms|    [A-Za-z-]+: .*|(TCP|DNS) .*)"));
    assertThat(result.stderrLines().stream().filter(line -> line.startsWith("<-- "))).hasSize(20);
  }

  @Test
  void summaryPerHostAtTheEnd() throws Exception {
    Result json = run(with(List.of("--format", "json"), curl()));
    assertThat(json.status()).as(json.stderr()).isZero();
    List<String> lines = json.stderrLines();
    JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(summary.path("type").asText()).isEqualTo("summary");
    assertThat(summary.path("hosts")).singleElement().satisfies(host -> {
      assertThat(host.path("host").asText()).isEqualTo("site.test");
      assertThat(host.path("requests").asInt()).isEqualTo(4);
      assertThat(host.path("statuses").path("200").asInt()).isEqualTo(4);
      assertThat(host.path("bytesOut").asLong()).isPositive();
      assertThat(host.path("bytesIn").asLong()).isPositive();
      assertThat(host.path("errors").asInt()).isZero();
      assertThat(host.path("denied").asInt()).isZero();
    });
    Result verbose = run(with(List.of("-v"), curl()));
    assertThat(verbose.stderrLines()).anySatisfy(line -> assertThat(line)
        .matches("SUMMARY site\\.test: 4 requests \\(200 x4\\), \\d+ B out, \\d+ B in, 0 errors, 0 denied"));
    Result plain = run(with(List.of(), curl()));
    assertThat(plain.stderr()).doesNotContain("SUMMARY");
  }

  @Test
  void binaryBodiesStayValidJson() throws Exception {
    Result json = run(with(List.of("--format", "json", "--body"),
        List.of("curl", "-sS", "-o", "/dev/null", url("/binary"))));
    assertThat(json.status()).as(json.stderr()).isZero();
    JsonNode http = JSON.readTree(json.stderrLines().stream().filter(line -> line.contains("\"type\":\"http\""))
        .findFirst().orElseThrow());
    assertThat(http.path("response").has("body")).isFalse();
    assertThat(java.util.Base64.getDecoder().decode(http.path("response").path("bodyBase64").asText()))
        .isEqualTo(EncodingTestServer.BINARY);
    Result text = run(with(List.of("--body"), List.of("curl", "-sS", "-o", "/dev/null", url("/binary"))));
    assertThat(text.stderrLines()).contains("    [binary body: image/png, 256 B]");
  }
}

package dev.htapod.e2e;

import static dev.htapod.e2e.RecordedSites.BIG;
import static dev.htapod.e2e.RecordedSites.PAGE;
import static dev.htapod.e2e.RecordedSites.PAGE_GZIPPED;
import static dev.htapod.e2e.RecordedSites.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.e2e.HtapodProcess.Result;
import dev.htapod.report.HarSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --record from real clients (curl over HTTP/1.1, HTTPS and h2, python, node, Java's HttpClient)
 * against local servers: bodies whole and byte-identical, as sent on the wire and decoded, with
 * versions, order and servers; secrets redacted unless kept; a killed run's file still parses.
 */
class RecordIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static RecordedSites sites;
  private static RecordTestServer echo;

  @BeforeAll
  static void start() throws Exception {
    sites = new RecordedSites(dir);
    echo = new RecordTestServer();
  }

  @AfterAll
  static void stop() {
    sites.close();
    echo.close();
  }

  private static String echo(String path) {
    return "http://site.test:" + echo.port() + path;
  }

  private static Result run(List<String> options, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("-q", "--upstream-ca", sites.pki.caPem.toString(),
        "--resolve", "site.test=127.0.0.1"));
    args.addAll(options);
    return HtapodProcess.runIn(dir, Map.of(), args, command);
  }

  @Test
  void curlsExchangesAreRecordedWholeInOrderEvenWithQuiet() throws Exception {
    Path record = dir.resolve("curl.har");
    Path har = dir.resolve("curl-capped.har");
    Files.write(dir.resolve("upload.bin"), BIG);
    Result result = run(List.of("--record", record.toString(), "--har", har.toString()), "sh", "-c",
        "curl -sS --http2 -o /dev/null " + sites.https2("/big.bin")
            + " && curl -sS --http2 --compressed -o /dev/null " + sites.https2("/page.txt")
            + " && curl -sS --http1.1 -o /dev/null " + sites.https1("/big.bin")
            + " && curl -sS --compressed -o /dev/null " + sites.plain("/page.txt")
            + " && curl -sS -o /dev/null -H 'Authorization: Bearer t0ken' -H 'Proxy-Authorization: Basic cHc='"
            + " -b 'pw=hunter2' -H 'Content-Type: application/octet-stream' --data-binary @upload.bin " + echo("/echo")
            + " && curl -sS " + echo("/count") + " " + echo("/count") + " " + echo("/count"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderr()).as("-q: no report lines").isEmpty();
    assertThat(result.stdout()).isEqualTo("count 1\ncount 2\ncount 3\n");

    List<JsonNode> entries = entries(record);
    assertThat(entries).hasSize(8);
    entries.forEach(HarSchema::assertEntry);
    assertThat(entries).extracting(entry -> entry.get("_order").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(entries).extracting(entry -> entry.get("request").get("url").asText()).containsExactly(
        sites.https2("/big.bin"), sites.https2("/page.txt"), sites.https1("/big.bin"), sites.plain("/page.txt"),
        echo("/echo"), echo("/count"), echo("/count"), echo("/count"));
    assertThat(entries).extracting(entry -> entry.get("response").get("httpVersion").asText()).containsExactly(
        "HTTP/2", "HTTP/2", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1");
    assertThat(entries).extracting(entry -> entry.get("_tls").asBoolean())
        .containsExactly(true, true, true, false, false, false, false, false);
    assertThat(entries).extracting(entry -> entry.get("_serverPort").asInt()).containsExactly(
        sites.h2Port, sites.h2Port, sites.h1TlsPort, sites.plainPort,
        echo.port(), echo.port(), echo.port(), echo.port());
    assertThat(entries).allSatisfy(entry -> {
      assertThat(entry.get("response").get("status").asInt()).isEqualTo(200);
      assertThat(entry.get("serverIPAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(entry.get("connection").asText()).startsWith("10.0.2.100:");
    });
    assertThat(entries.get(6).get("connection")).as("curl reuses the connection").isEqualTo(entries.get(5).get("connection"));

    assertThat(sha256(decoded(entries.get(0)))).isEqualTo(sha256(BIG));
    assertThat(sha256(decoded(entries.get(2)))).isEqualTo(sha256(BIG));
    for (JsonNode gzipped : List.of(entries.get(1), entries.get(3))) {
      assertThat(header(gzipped.get("response"), "content-encoding")).isEqualTo("gzip");
      assertThat(gzipped.get("response").get("content").get("text").asText()).as("decoded text for humans")
          .isEqualTo(new String(PAGE, StandardCharsets.UTF_8));
      assertThat(sha256(wire(gzipped))).as("the bytes as sent").isEqualTo(sha256(PAGE_GZIPPED));
    }
    JsonNode upload = entries.get(4);
    assertThat(sha256(Base64.getDecoder().decode(upload.get("request").get("postData").get("text").asText())))
        .isEqualTo(sha256(BIG));
    assertThat(sha256(decoded(upload))).isEqualTo(sha256(BIG));
    assertThat(entries.subList(5, 8)).extracting(entry -> entry.get("response").get("content").get("text").asText())
        .containsExactly("count 1\n", "count 2\n", "count 3\n");

    String text = Files.readString(record);
    for (String secret : List.of("t0ken", "cHc=", "hunter2", "s3cret-session")) {
      assertThat(text.contains(secret)).as("%s in the recording (curl's arguments name it too)", secret).isFalse();
    }
    assertThat(header(upload.get("request"), "Authorization")).isEqualTo("[redacted]");
    assertThat(header(upload.get("request"), "Proxy-Authorization")).isEqualTo("[redacted]");
    assertThat(header(upload.get("request"), "Cookie")).isEqualTo("[redacted]");
    assertThat(header(upload.get("response"), "Set-Cookie")).isEqualTo("[redacted]");
    assertThat(upload.get("request").get("cookies").get(0).get("name").asText()).isEqualTo("pw");
    assertThat(upload.get("response").get("cookies").get(0).get("name").asText()).isEqualTo("sid");

    JsonNode capped = JSON.readTree(har.toFile()).get("log").get("entries").get(0);
    assertThat(capped.get("response").get("content").get("comment").asText())
        .as("--har keeps to --max-body beside a recording").isEqualTo("body cut to its first 65536 B");
  }

  @Test
  void secretsAreKeptWithRecordSecretsAndMoreRedactedWithRedact() throws Exception {
    Path record = dir.resolve("secrets.har");
    Result result = run(List.of("--record", record.toString(), "--record-secrets", "--redact", "x-api-key"),
        "curl", "-sS", "-o", "/dev/null", "-H", "Authorization: Bearer t0ken", "-H", "X-Api-Key: k3y",
        "-b", "pw=hunter2", "-d", "a=1", echo("/echo"));
    assertThat(result.status()).as(result.stderr()).isZero();
    JsonNode entry = entries(record).get(0);
    assertThat(header(entry.get("request"), "Authorization")).isEqualTo("Bearer t0ken");
    assertThat(header(entry.get("request"), "Cookie")).isEqualTo("pw=hunter2");
    assertThat(header(entry.get("response"), "Set-Cookie")).isEqualTo(RecordTestServer.SECRET_COOKIE);
    assertThat(header(entry.get("request"), "X-Api-Key")).isEqualTo("[redacted]");
    assertThat(entry.get("request").get("postData").get("params").toString())
        .isEqualTo("[{\"name\":\"a\",\"value\":\"1\"}]");
  }

  @Test
  void pythonNodeAndJavaClientsAreRecordedByteForByte() throws Exception {
    Path record = dir.resolve("clients.har");
    RecordedSites.writeJavaClient(dir);
    String python = "import urllib.request as u; b = u.urlopen('" + sites.https1("/big.bin") + "').read();"
        + " e = u.urlopen(u.Request('" + echo("/echo") + "', data=b, headers={'Content-Type': 'application/octet-stream'})).read();"
        + " print('python', len(b), len(e))";
    String node = "(async () => { const b = Buffer.from(await (await fetch('" + sites.https1("/big.bin") + "')).arrayBuffer());"
        + " const e = Buffer.from(await (await fetch('" + echo("/echo") + "', {method: 'POST', body: b,"
        + " headers: {'Content-Type': 'application/octet-stream'}})).arrayBuffer());"
        + " console.log('node', b.length, e.length); })()";
    Result result = run(List.of("--record", record.toString()), "sh", "-c",
        "python3 -c \"" + python + "\" && node -e \"" + node + "\" && java Fetch.java "
            + sites.https2("/big.bin") + " " + echo("/echo"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("python 200000 200000\nnode 200000 200000\njava HTTP_2 200 "
        + sha256(BIG) + " " + sha256(BIG) + "\n");
    List<JsonNode> entries = entries(record);
    assertThat(entries).hasSize(6);
    assertThat(entries).extracting(entry -> entry.get("request").get("httpVersion").asText())
        .containsExactly("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/2", "HTTP/1.1");
    for (int i = 0; i < 6; i += 2) {
      assertThat(entries.get(i).get("request").get("method").asText()).isEqualTo("GET");
      assertThat(sha256(decoded(entries.get(i)))).isEqualTo(sha256(BIG));
      JsonNode post = entries.get(i + 1);
      assertThat(post.get("request").get("method").asText()).isEqualTo("POST");
      assertThat(sha256(Base64.getDecoder().decode(post.get("request").get("postData").get("text").asText())))
          .isEqualTo(sha256(BIG));
      assertThat(sha256(decoded(post))).isEqualTo(sha256(BIG));
    }
    assertThat(entries).extracting(entry -> header(entry.get("request"), "user-agent"))
        .satisfiesExactly(
            agent -> assertThat(agent).startsWith("Python-urllib/"), agent -> assertThat(agent).startsWith("Python-urllib/"),
            agent -> assertThat(agent).isNotBlank(), agent -> assertThat(agent).isNotBlank(),
            agent -> assertThat(agent).startsWith("Java-http-client/"), agent -> assertThat(agent).startsWith("Java-http-client/"));
  }

  @Test
  void aKilledRunKeepsAValidFileWithTheFinishedExchanges() throws Exception {
    Path record = dir.resolve("killed.har");
    HtapodProcess htapod = HtapodProcess.start("--upstream-ca", sites.pki.caPem.toString(),
        "--resolve", "site.test=127.0.0.1", "-q", "--record", record.toString(), "--", "sh", "-c",
        "curl -sS -o /dev/null " + sites.https2("/big.bin")
            + " && curl -sS --compressed -o /dev/null " + sites.plain("/page.txt") + " && echo fetched && exec cat");
    htapod.awaitStdout("fetched");
    awaitEntries(record, 2);
    assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(htapod.pid())).start().waitFor()).isZero();
    assertThat(htapod.await().status()).isEqualTo(128 + 9);

    List<JsonNode> entries = entries(record);
    assertThat(entries).hasSize(2);
    entries.forEach(HarSchema::assertEntry);
    assertThat(sha256(decoded(entries.get(0)))).isEqualTo(sha256(BIG));
    assertThat(sha256(wire(entries.get(1)))).isEqualTo(sha256(PAGE_GZIPPED));
  }

  @Test
  void anUnwritableRecordFileIsOneLineAndStatus125() throws Exception {
    Result result = HtapodProcess.run("--record", dir.resolve("no/such/dir/run.har").toString(), "--", "true");
    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stderr()).isEqualTo(
        "htapod: cannot write the recording file " + dir.resolve("no/such/dir/run.har") + ": no such directory\n");
  }

  /** Waits until the report thread has written {@code count} entries (htapod runs on). */
  private static void awaitEntries(Path record, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (entries(record).size() >= count) {
          return;
        }
      } catch (IOException e) {
        // Read while an entry was being written: look again.
      }
      assertThat(System.nanoTime()).as("%d entries in %s", count, record).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static List<JsonNode> entries(Path record) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    JSON.readTree(record.toFile()).get("log").get("entries").forEach(entries::add);
    return entries;
  }

  /** The response body with its content coding undone, from "text" (base64 or not). */
  private static byte[] decoded(JsonNode entry) {
    JsonNode content = entry.get("response").get("content");
    String text = content.get("text").asText();
    return content.path("encoding").asText().equals("base64")
        ? Base64.getDecoder().decode(text)
        : text.getBytes(StandardCharsets.UTF_8);
  }

  /** The response body as it crossed the wire. */
  private static byte[] wire(JsonNode entry) {
    return Base64.getDecoder().decode(entry.get("response").get("content").get("_wireBase64").asText());
  }

  private static String header(JsonNode message, String name) {
    for (JsonNode header : message.get("headers")) {
      if (header.get("name").asText().equalsIgnoreCase(name)) {
        return header.get("value").asText();
      }
    }
    return null;
  }
}

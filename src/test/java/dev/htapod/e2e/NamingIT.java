package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two names on one address, as behind a CDN: each connection is reported under its own name (its
 * SNI, its Host, or the name looked up before it opened), not the name last looked up for the
 * address; text, JSON, HAR and the summary agree.
 */
class NamingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One curl for both names: the first connection is still open when the second name is looked up. */
  @Test
  void twoNamesOnOneAddressOverTlsAreEachLabelledByTheirOwnConnection(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki(dir);
    try (HttpsTestServer https = new HttpsTestServer(pki.serverP12, "hello".getBytes())) {
      String port = String.valueOf(https.port());
      List<String> args = List.of("--insecure", "--resolve", "a.test=127.0.0.1", "--resolve", "b.test=127.0.0.1");
      String[] curl = {"curl", "-sS", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
          "https://a.test:" + port + "/one", "https://b.test:" + port + "/two", "https://b.test:" + port + "/three"};

      Result text = run(args, List.of("-v"), curl);
      assertThat(text.status()).as(text.stderr()).isZero();
      assertThat(text.stderrLines())
          .anySatisfy(line -> assertThat(line).matches("TCP 127\\.0\\.0\\.1:" + port + " \\(a\\.test\\) .*sni=a\\.test"))
          .anySatisfy(line -> assertThat(line).matches("TCP 127\\.0\\.0\\.1:" + port + " \\(b\\.test\\) .*sni=b\\.test"))
          .anySatisfy(line -> assertThat(line).matches("SUMMARY a\\.test: 1 request \\(200 x1\\), [1-9]\\d* B out, [1-9]\\d* B in, 0 errors, 0 denied"))
          .anySatisfy(line -> assertThat(line).matches("SUMMARY b\\.test: 2 requests \\(200 x2\\), [1-9]\\d* B out, [1-9]\\d* B in, 0 errors, 0 denied"));

      Path har = dir.resolve("run.har");
      Result json = run(args, List.of("--format", "json", "--har", har.toString()), curl);
      List<JsonNode> objects = new ArrayList<>();
      for (String line : json.stderrLines()) {
        if (line.startsWith("{")) {
          objects.add(JSON.readTree(line));
        }
      }
      assertThat(objects).filteredOn(o -> o.path("type").asText().equals("tcp"))
          .extracting(o -> o.path("host").asText() + " " + o.path("tls").path("serverName").asText())
          .containsExactlyInAnyOrder("a.test a.test", "b.test b.test");
      JsonNode summary = objects.get(objects.size() - 1);
      assertThat(summary.path("hosts")).extracting(h -> h.path("host").asText() + " " + h.path("requests").asInt())
          .containsExactly("a.test 1", "b.test 2");
      JsonNode entries = JSON.readTree(Files.readString(har)).path("log").path("entries");
      assertThat(entries).extracting(e -> e.path("request").path("url").asText())
          .containsExactlyInAnyOrder("https://a.test:" + port + "/one", "https://b.test:" + port + "/two",
              "https://b.test:" + port + "/three");
    }
  }

  /** Requests to the gateway's address and their connection's bytes are one host in the summary. */
  @Test
  void theGatewaysRequestsAndBytesAreOneHost(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki(dir);
    try (HttpsTestServer https = new HttpsTestServer(pki.serverP12, "hello".getBytes())) {
      Result result = run(List.of("-v", "--insecure"), List.of(),
          "curl", "-sS", "-o", "/dev/null", "-o", "/dev/null", "https://10.0.2.2:" + https.port() + "/a",
          "https://10.0.2.2:" + https.port() + "/b");
      assertThat(result.status()).as(result.stderr()).isZero();
      // With -v a line per host, then one per process, which names its hosts.
      assertThat(result.stderrLines().stream().filter(line -> line.startsWith("SUMMARY")))
          .satisfiesExactly(
              line -> assertThat(line).matches(
                  "SUMMARY 127\\.0\\.0\\.1: 2 requests \\(200 x2\\), [1-9]\\d* B out, [1-9]\\d* B in, 0 errors, 0 denied"),
              line -> assertThat(line).matches(
                  "SUMMARY curl\\[2\\]: 2 requests \\(200 x2\\), [1-9]\\d* B out, [1-9]\\d* B in, 0 errors, 0 denied, hosts 127\\.0\\.0\\.1"));
    }
  }

  private static Result run(List<String> common, List<String> more, String... command) throws Exception {
    List<String> all = new ArrayList<>(common);
    all.addAll(more);
    all.add("--");
    all.addAll(List.of(command));
    return HtapodProcess.run(all.toArray(String[]::new));
  }
}

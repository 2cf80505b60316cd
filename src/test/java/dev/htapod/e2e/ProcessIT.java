package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.htapod.e2e.HtapodProcess.Result;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every flow, exchange, lookup, refusal and error names the process of the run that made it, as
 * {@code ps} inside the run shows it: the command is PID 2 (htapod's init is 1), what it starts
 * comes after, and each names its parents up to the command.
 */
class ProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static HttpTestServer http;

  @BeforeAll
  static void startServer() throws Exception {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000);
  }

  @AfterAll
  static void stopServer() {
    http.close();
  }

  /** A shell that runs curl, python and node: each one's flows, exchanges and lookups are its own. */
  @Test
  void eachProcessIsNamedOnItsOwnFlowsExchangesAndLookups(@TempDir Path dir) throws Exception {
    String url = "http://site.test:" + http.port() + "/hello";
    Path har = dir.resolve("run.har");
    Result result = HtapodProcess.run("--format", "json", "--har", har.toString(), "--resolve", "site.test=127.0.0.1",
        "--", "sh", "-c", "curl -sS " + url + " && python3 -c 'import urllib.request, sys; "
            + "sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' " + url
            + " && node -e 'require(\"http\").get(process.argv[1], r => r.pipe(process.stdout))' " + url);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\nhello\nhello\n");
    List<JsonNode> objects = objects(result);

    JsonNode curl = only(objects, "http", "curl").path("process");
    assertThat(curl.path("pid").asInt()).isGreaterThan(2);
    assertThat(curl.path("exe").asText()).endsWith("/curl");
    assertThat(curl.path("argv")).extracting(JsonNode::asText).containsExactly("curl", "-sS", url);
    assertThat(curl.path("parents")).extracting(p -> p.path("pid").asInt() + " " + p.path("name").asText())
        .containsExactly("2 sh");
    JsonNode python = only(objects, "http", "python3").path("process");
    assertThat(python.path("pid").asInt()).isGreaterThan(curl.path("pid").asInt());
    assertThat(python.path("argv").get(0).asText()).endsWith("python3"); // a full path, from pyenv's shim
    assertThat(python.path("parents")).extracting(p -> p.path("name").asText()).containsExactly("sh");
    JsonNode node = only(objects, "http", "node").path("process");
    assertThat(node.path("pid").asInt()).isGreaterThan(python.path("pid").asInt());
    assertThat(node.path("parents")).extracting(p -> p.path("name").asText()).containsExactly("sh");

    assertThat(objects).filteredOn(o -> o.path("type").asText().equals("tcp"))
        .extracting(o -> o.path("process").path("name").asText())
        .containsExactlyInAnyOrder("curl", "python3", "node");
    assertThat(objects).filteredOn(o -> o.path("type").asText().equals("dns"))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.path("process").path("name").asText()).isIn("curl", "python3", "node"));
    JsonNode summary = objects.get(objects.size() - 1);
    assertThat(summary.path("processes"))
        .extracting(p -> p.path("process").path("name").asText() + " " + p.path("requests").asInt() + " "
            + p.path("hosts"))
        .containsExactlyInAnyOrder("curl 1 [\"site.test\"]", "python3 1 [\"site.test\"]", "node 1 [\"site.test\"]");

    JsonNode entries = JSON.readTree(Files.readString(har)).path("log").path("entries");
    assertThat(entries).extracting(e -> e.path("_process").path("name").asText())
        .containsExactlyInAnyOrder("curl", "python3", "node");
  }

  /**
   * A process that execs its own program again, with other arguments, is named with the
   * arguments of each exec: the second connection's are not the first's, though the process, its
   * name and its program are the same.
   */
  @Test
  void aProcessThatExecsItselfIsNamedWithTheArgumentsOfEachExec() throws Exception {
    String url = "http://site.test:" + http.port() + "/hello";
    String code = "import os, sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode());"
        + " sys.stdout.flush(); len(sys.argv) > 2 or os.execv(sys.executable,"
        + " [sys.executable, '-c', open('/proc/self/cmdline').read().split(chr(0))[2], sys.argv[1], 'again'])";
    Result result = HtapodProcess.run("--format", "json", "--resolve", "site.test=127.0.0.1", "--",
        "python3", "-c", code, url);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\nhello\n");
    List<JsonNode> exchanges = objects(result).stream().filter(o -> o.path("type").asText().equals("http")).toList();
    assertThat(exchanges).extracting(o -> o.path("process").path("argv").get(o.path("process").path("argv").size() - 1).asText())
        .containsExactly(url, "again");
    assertThat(exchanges).extracting(o -> o.path("process").path("pid").asInt()).containsOnly(exchanges.get(0)
        .path("process").path("pid").asInt());
  }

  /**
   * Text lines end with the process's name and PID; --summary-by process sums up per process. The
   * gateway's address goes by site.test, the name DNS gave for it before.
   */
  @Test
  void textLinesNameTheProcessAndTheSummaryGoesByProcess() throws Exception {
    String url = "http://site.test:" + http.port() + "/hello";
    Result result = HtapodProcess.run("--summary-by", "process", "--resolve", "site.test=127.0.0.1", "--",
        "curl", "-sS", "-o", "/dev/null", url, "http://10.0.2.2:1/");
    assertThat(result.status()).as(result.stderr()).isEqualTo(7); // curl: could not connect (the second URL)
    assertThat(result.stderr().lines().toList()) // as they are, with their processes
        .contains("--> GET " + url + " by curl[2]")
        .anySatisfy(line -> assertThat(line).matches("<-- 200 GET " + url.replace(".", "\\.") + " 6 B \\d+ ms by curl\\[2\\]"))
        .anySatisfy(line -> assertThat(line).matches("DNS A site\\.test -> 127\\.0\\.0\\.1 by curl\\[2\\]"))
        .anySatisfy(line -> assertThat(line).matches(
            "TCP 127\\.0\\.0\\.1:" + http.port() + " \\(site\\.test\\) closed: \\d+ B out, \\d+ B in, \\d+ ms by curl\\[2\\]"))
        .anySatisfy(line -> assertThat(line).matches("TCP 127\\.0\\.0\\.1:1 \\(site\\.test\\) refused, \\d+ ms by curl\\[2\\]"))
        .anySatisfy(line -> assertThat(line).matches(
            "SUMMARY curl\\[2\\]: 1 request \\(200 x1\\), \\d+ B out, \\d+ B in, 1 error, 0 denied, hosts site\\.test"));
  }

  /**
   * A curl of a small page is over within milliseconds: each of 50 in a row is named, as its
   * handshake waits for the lookup (before, 7-24 of 100 were "by unknown").
   */
  @Test
  void quickCommandsOneAfterAnotherAreEachNamed() throws Exception {
    String url = "http://10.0.2.2:" + http.port() + "/hello";
    Result result = HtapodProcess.run("--", "sh", "-c",
        "for i in $(seq 50); do curl -sS -o /dev/null " + url + " || exit 1; done");
    assertThat(result.status()).as(result.stderr()).isZero();
    List<String> answers = result.stderr().lines().filter(line -> line.startsWith("<-- ")).toList();
    assertThat(answers).hasSize(50)
        .allSatisfy(line -> assertThat(line).matches("<-- 200 GET .* by curl\\[\\d+\\]"));
    assertThat(answers.stream().map(line -> line.substring(line.lastIndexOf('['))).distinct()).hasSize(50);
  }

  /** A refusal names who tried, though the command's socket is gone as soon as it is refused. */
  @Test
  void aRefusalAndAUdpFlowNameTheirProcess() throws Exception {
    try (DatagramSocket echo = SocketTestServers.udpEcho(InetAddress.getLoopbackAddress())) {
      Result result = HtapodProcess.run("--allow", "127.0.0.1:" + echo.getLocalPort(), "--", "sh", "-c",
          "curl -sS http://10.0.2.2:" + http.port() + "/hello; python3 -c 'import socket, sys; "
              + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5); "
              + "s.sendto(b\"hi\", (\"10.0.2.2\", int(sys.argv[1]))); print(s.recv(100).decode())' "
              + echo.getLocalPort());
      assertThat(result.stdout()).isEqualTo("HI\n");
      assertThat(result.stderr().lines().toList()) // as they are, with their processes
          .anySatisfy(line -> assertThat(line).matches(
              "DENY 127\\.0\\.0\\.1:" + http.port() + ": not allowed by curl\\[\\d+\\]"))
          .anySatisfy(line -> assertThat(line).matches(
              "UDP 127\\.0\\.0\\.1:" + echo.getLocalPort() + " 1 datagrams out, 1 in, 2 B out, 2 B in by python3\\[\\d+\\]"));
    }
  }

  private static List<JsonNode> objects(Result result) throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : result.stderr().lines().toList()) {
      if (line.startsWith("{")) {
        objects.add(JSON.readTree(line));
      }
    }
    return objects;
  }

  private static JsonNode only(List<JsonNode> objects, String type, String process) {
    List<JsonNode> found = objects.stream()
        .filter(o -> o.path("type").asText().equals(type) && o.path("process").path("name").asText().equals(process))
        .toList();
    assertThat(found).as(type + " objects of " + process + " in " + objects).hasSize(1);
    return found.get(0);
  }
}

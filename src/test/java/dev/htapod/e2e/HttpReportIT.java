package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import dev.htapod.report.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Report lines for HTTP/1.1 and HTTP/2, plain and decrypted, from curl against nginx on the
 * host's loopback: one {@code -->} and one {@code <--} line per exchange.
 */
class HttpReportIT {
  /**
   * nginx's {@code return} answers as soon as it has the request's head, and an answer that
   * comes before the request's end stands for the whole exchange (no {@code -->} line; see
   * Http1ObserverTest). So /created answers through a proxy to the plain port, which reads the
   * whole body first: an HTTP/2 curl sends its DATA frame after its HEADERS, and a CI run once
   * saw the 201 come between them.
   */
  private static String locations(int plainPort) {
    return " location = /created { proxy_pass http://127.0.0.1:" + plainPort + "/answer-created; }"
        + " location = /answer-created { return 201 \"created\\n\"; }"
        + " location = /nothing { return 204; }"
        + " gzip on; gzip_types text/plain; gzip_min_length 1;";
  }
  /**
   * The ports curl binds in the pcap test. Its kernel would pick any of 32768-60999, 44322
   * (pmproxy) or 57000 (IRC) as well: see {@link Tshark#tcpPortsWithDissectors}.
   */
  private static final int FIRST_CLIENT_PORT = 41000;
  private static final int LAST_CLIENT_PORT = 41099;

  @TempDir static Path dir;
  private static TestPki pki;
  private static TestNginx nginx;
  private static int plain;
  private static int h2;
  private static int h1;
  private static int h2c;
  private static Path upload;
  private static Set<Integer> dissectedPorts;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("hello"), "hello\n");
    Files.writeString(www.resolve("text.txt"), "a line of text to compress\n".repeat(400));
    upload = Files.writeString(dir.resolve("upload.txt"), "x".repeat(1000));
    // The pcap test expects tshark to find TLS and HTTP on these ports: one it gives to another
    // protocol by number, as 44321 to PCP, would hide them (a CI run failed so).
    dissectedPorts = Tshark.tcpPortsWithDissectors();
    plain = LocalPorts.free(dissectedPorts);
    h2 = LocalPorts.free(dissectedPorts);
    h1 = LocalPorts.free(dissectedPorts);
    h2c = LocalPorts.free(dissectedPorts);
    String locations = locations(plain);
    nginx = new TestNginx(dir, pki, www, List.of(plain, h2, h1, h2c),
        List.of(";" + locations, "ssl http2;" + locations, "ssl;" + locations, "http2;" + locations));
  }

  @AfterAll
  static void stop() throws Exception {
    nginx.close();
  }

  /** htapod with the test CA trusted upstream and site.test on the host's loopback. */
  static Result run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--upstream-ca", pki.caPem.toString(), "--resolve",
        "site.test=127.0.0.1"));
    all.addAll(List.of(args));
    return HtapodProcess.run(all.toArray(String[]::new));
  }

  private static String url(int port, String path) {
    return (port == plain || port == h2c ? "http" : "https") + "://site.test:" + port + path;
  }

  private static List<String> lines(Result result, String prefix) {
    return result.stderrLines().stream().filter(line -> line.startsWith(prefix)).toList();
  }

  @Test
  void fiveRequestsOnOneKeepAliveConnectionGiveFivePairs() throws Exception {
    String hello = url(plain, "/hello");
    Result result = run("--", "curl", "-sS", "-o", "/dev/null", hello, "-o", "/dev/null", hello, "-o", "/dev/null",
        hello, "-o", "/dev/null", hello, "-o", "/dev/null", hello);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(lines(result, "--> ")).hasSize(5).allSatisfy(line -> assertThat(line).isEqualTo("--> GET " + hello));
    assertThat(lines(result, "<-- ")).hasSize(5)
        .allSatisfy(line -> assertThat(line).matches("<-- 200 GET " + hello + " 6 B \\d+ ms"));
    assertThat(lines(result, "TCP ")).hasSize(1);
  }

  @Test
  void postHeadAndNoContent() throws Exception {
    Result result = run("--", "sh", "-c", "curl -sS -d @" + upload + " " + url(plain, "/created")
        + " && curl -sS -I " + url(plain, "/hello") + " --next -sS " + url(plain, "/hello")
        + " && curl -sS " + url(plain, "/nothing"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines()).containsSubsequence(
        "--> POST " + url(plain, "/created") + " 1000 B",
        "--> HEAD " + url(plain, "/hello"),
        "--> GET " + url(plain, "/hello"),
        "--> GET " + url(plain, "/nothing"));
    assertThat(lines(result, "<-- ")).satisfiesExactly(
        line -> assertThat(line).matches("<-- 201 POST " + url(plain, "/created") + " 8 B \\d+ ms"),
        line -> assertThat(line).matches("<-- 200 HEAD " + url(plain, "/hello") + " 0 B \\d+ ms"),
        line -> assertThat(line).matches("<-- 200 GET " + url(plain, "/hello") + " 6 B \\d+ ms"),
        line -> assertThat(line).matches("<-- 204 GET " + url(plain, "/nothing") + " 0 B \\d+ ms"));
  }

  @Test
  void http2StreamsAreExchanges() throws Exception {
    String hello = url(h2, "/hello");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http2"));
    for (int i = 0; i < 5; i++) {
      command.addAll(List.of("-o", "/dev/null", hello));
    }
    command.addAll(List.of("--next", "-sS", "--http2", "-d", "@" + upload, url(h2, "/created")));
    List<String> args = new ArrayList<>(List.of("--"));
    args.addAll(command);
    Result result = run(args.toArray(String[]::new));
    assertThat(result.status()).as(result.stderr()).isZero();
    List<String> responses = lines(result, "<-- ");
    assertThat(responses).hasSize(6);
    assertThat(responses.subList(0, 5))
        .allSatisfy(line -> assertThat(line).matches("<-- 200 GET " + hello + " 6 B \\d+ ms"));
    assertThat(responses.get(5)).matches("<-- 201 POST " + url(h2, "/created") + " 8 B \\d+ ms");
    assertThat(lines(result, "--> ")).contains("--> POST " + url(h2, "/created") + " 1000 B");
    assertThat(lines(result, "TCP ")).singleElement().asString().contains(" h2 decrypted");
  }

  @Test
  void gzipBodiesOverTlsAreShownDecoded() throws Exception {
    String text = Files.readAllLines(dir.resolve("www/text.txt")).get(0);
    for (int port : List.of(h1, h2)) {
      Result result = run("--body", "--", "curl", "-sS", "--compressed", "-o", "/dev/null", url(port, "/text.txt"));
      assertThat(result.status()).as(result.stderr()).isZero();
      List<String> lines = result.stderrLines();
      int response = lines.indexOf(lines.stream().filter(line -> line.startsWith("<-- 200 GET ")).findFirst()
          .orElseThrow());
      assertThat(lines.get(response)).as("the gzip body is smaller on the wire").doesNotContain(" 10800 B ");
      assertThat(lines.subList(response + 1, response + 401)).allSatisfy(line -> assertThat(line).isEqualTo("    " + text));
    }
  }

  @Test
  void http11OverTlsAndItsHeaders() throws Exception {
    Result result = run("--head", "--", "curl", "-sS", "-o", "/dev/null", "-H", "X-Test: yes", url(h1, "/hello"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines()).containsSubsequence(
        "--> GET " + url(h1, "/hello"),
        "    Host: site.test:" + h1,
        "    X-Test: yes");
    assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line).startsWith("<-- 200 GET " + url(h1, "/hello")))
        .contains("    Content-Length: 6", "    Content-Type: text/plain");
  }

  @Test
  void grepKeepsOnlyMatchingExchanges() throws Exception {
    Result result = run("--grep", "noth", "--", "sh", "-c",
        "curl -sS " + url(plain, "/hello") + " " + url(plain, "/nothing"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines()).satisfiesExactly(
        line -> assertThat(line).isEqualTo("--> GET " + url(plain, "/nothing")),
        line -> assertThat(line).matches("<-- 204 GET " + url(plain, "/nothing") + " 0 B \\d+ ms"));
  }

  @Test
  void reportsGoToStdoutWithDash() throws Exception {
    Result result = run("-o", "-", "--", "curl", "-sS", "-o", "/dev/null", url(plain, "/hello"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(Result.withoutProcesses(result.stdout())).contains("--> GET " + url(plain, "/hello"));
    assertThat(result.stderr()).doesNotContain("--> ");
  }

  @Test
  void http2WithPriorKnowledgeIsRecognisedByItsPreface() throws Exception {
    Result result = run("--format", "json", "--", "curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null",
        url(h2c, "/hello"));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line)
        .startsWith("{\"type\":\"http\",\"method\":\"GET\",\"url\":\"" + url(h2c, "/hello") + "\",\"status\":200,"
            + "\"httpVersion\":\"HTTP/2\","));
  }

  @Test
  void expectContinueUploadIsOneExchange(@TempDir Path work) throws Exception {
    Path big = work.resolve("big.bin");
    Files.write(big, new byte[3 << 20]);
    try (HttpTestServer server = new HttpTestServer(java.net.InetAddress.getLoopbackAddress(), 0)) {
      String upload = "http://site.test:" + server.port() + "/upload";
      Result result = run("--head", "--", "curl", "-sS", "--data-binary", "@" + big, upload);
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).startsWith((3 << 20) + " ");
      assertThat(result.stderrLines()).contains("--> POST " + upload + " " + (3 << 20) + " B", "    Expect: 100-continue");
      assertThat(lines(result, "<-- ")).singleElement().asString().startsWith("<-- 200 POST " + upload + " ");
    }
  }

  @Test
  void aGigabyteDownloadKeepsTheHeapSmallWhileBodiesAreRecorded(@TempDir Path work) throws Exception {
    long gigabyte = 1L << 30;
    try (HttpTestServer server = new HttpTestServer(java.net.InetAddress.getLoopbackAddress(), gigabyte)) {
      String blob = "http://site.test:" + server.port() + "/blob";
      List<String> args = new ArrayList<>(List.of("--upstream-ca", pki.caPem.toString(), "--resolve",
          "site.test=127.0.0.1", "--body", "--har", work.resolve("big.har").toString(), "--", "sh", "-c",
          "curl -sS " + blob + " | sha256sum"));
      ProcessBuilder builder = new ProcessBuilder(
          HtapodProcess.commandLine(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=64m"), args.toArray(String[]::new)));
      Result result = HtapodProcess.run(builder, "");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).startsWith(server.blobSha256() + " ");
      assertThat(lines(result, "<-- ")).singleElement().asString()
          .startsWith("<-- 200 GET " + blob + " " + gigabyte + " B ");
    }
  }

  @Test
  void pcapCarriesTheDecryptedTrafficForTshark(@TempDir Path work) throws Exception {
    Path pcap = work.resolve("run.pcapng");
    assertThat(dissectedPorts).as("TCP ports tshark gives to a protocol")
        .noneMatch(port -> port >= FIRST_CLIENT_PORT && port <= LAST_CLIENT_PORT);
    String curl = "curl -sS --local-port " + FIRST_CLIENT_PORT + "-" + LAST_CLIENT_PORT + " -o /dev/null ";
    Result result = run("--pcap", pcap.toString(), "--", "sh", "-c",
        curl + url(plain, "/hello") + " && " + curl + url(h1, "/hello")
            + " && " + curl + "--http2 " + url(h2, "/hello?x=1"));
    assertThat(result.status()).as(result.stderr()).isZero();
    Tshark.assertClean(pcap);
    assertThat(Tshark.fields(pcap, "http.request", "http.request.method", "http.host", "http.request.uri",
        "tcp.dstport")).containsExactly(
            "GET|site.test:" + plain + "|/hello|" + plain,
            "GET|site.test:" + h1 + "|/hello|" + h1);
    assertThat(Tshark.fields(pcap, "http2.type == 1 && tcp.dstport == " + h2, "http2.headers.method",
        "http2.headers.path")).containsExactly("GET|/hello?x=1");
    assertThat(Tshark.fields(pcap, "http2.type == 1 && tcp.srcport == " + h2, "http2.headers.status"))
        .containsExactly("200");
    assertThat(Tshark.fields(pcap, "dns.flags.response == 1", "dns.qry.name")).contains("site.test");
  }
}

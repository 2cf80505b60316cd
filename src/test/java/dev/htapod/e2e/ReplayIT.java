package dev.htapod.e2e;

import static dev.htapod.e2e.RecordedSites.BIG;
import static dev.htapod.e2e.RecordedSites.PAGE;
import static dev.htapod.e2e.RecordedSites.PAGE_GZIPPED;
import static dev.htapod.e2e.RecordedSites.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --replay: a run of curl (HTTP/1.1, HTTPS, h2, h2c, gzip), python requests, node and Java's HttpClient is
 * recorded against local servers, the servers are stopped, and the same run under --replay gets
 * the same statuses and byte-identical bodies; a request not recorded is a 502, an ERR line and
 * status 121, and a live server that was not recorded is never reached.
 */
class ReplayIT {
  @TempDir static Path dir;
  private static RecordedSites sites;
  private static Path recording;
  private static Result recorded;
  private static int echoPort;

  @BeforeAll
  static void recordAndStopTheServers() throws Exception {
    Files.write(dir.resolve("upload.bin"), BIG);
    recording = dir.resolve("run.har");
    sites = new RecordedSites(dir);
    writeClients();
    try (RecordTestServer echo = new RecordTestServer()) {
      echoPort = echo.port();
      recorded = htapod(List.of("-q", "--upstream-ca", sites.pki.caPem.toString(), "--resolve", "site.test=127.0.0.1",
          "--record", recording.toString()), "sh", "clients.sh");
    } finally {
      sites.close();
    }
    assertThat(recorded.status()).as(recorded.stderr()).isZero();
  }

  /** The clients' script: each body's hash and each status, the same in the recording and the replay. */
  private static void writeClients() throws IOException {
    String status = " -w '%{http_code} %{http_version}\\n' ";
    Files.writeString(dir.resolve("clients.sh"), String.join("\n",
        "set -e",
        "curl -sS --http2 -o c1" + status + sites.https2("/big.bin"),
        "curl -sS --http2 --compressed -o c2" + status + sites.https2("/page.txt"),
        "curl -sS --http2 -H 'Accept-Encoding: gzip' -o c3" + status + sites.https2("/page.txt"),
        "curl -sS --http1.1 -o c4" + status + sites.https1("/big.bin"),
        "curl -sS --compressed -o c5" + status + sites.plain("/page.txt"),
        "curl -sS -H 'Content-Type: application/octet-stream' --data-binary @upload.bin -o c6" + status
            + "http://site.test:$ECHO/echo",
        "curl -sS -H 'Expect: 100-continue' -H 'Transfer-Encoding: chunked' --data-binary @upload.bin -o c7" + status
            + "http://site.test:$ECHO/echo",
        "curl -sS --http2-prior-knowledge -o c8" + status + sites.h2c("/big.bin"),
        "curl -sS http://site.test:$ECHO/count http://site.test:$ECHO/count",
        "sha256sum c1 c2 c3 c4 c5 c6 c7 c8",
        "/usr/bin/python3 fetch.py " + sites.https1("/big.bin") + " http://site.test:$ECHO/echo",
        "node fetch.js " + sites.https2("/page.txt") + " http://site.test:$ECHO/echo",
        "java Fetch.java " + sites.https2("/big.bin") + " http://site.test:$ECHO/echo",
        ""));
    Files.writeString(dir.resolve("fetch.py"), String.join("\n",
        "import hashlib, sys, requests",
        "r = requests.get(sys.argv[1]); b = r.content",
        "e = requests.post(sys.argv[2], data=b, headers={'Content-Type': 'application/octet-stream'}).content",
        "print('python', r.status_code, hashlib.sha256(b).hexdigest(), hashlib.sha256(e).hexdigest())",
        ""));
    Files.writeString(dir.resolve("fetch.js"), String.join("\n",
        "const crypto = require('crypto');",
        "const sha = b => crypto.createHash('sha256').update(b).digest('hex');",
        "(async () => {",
        "  const r = await fetch(process.argv[2], {headers: {'Accept-Encoding': 'gzip'}});",
        "  const b = Buffer.from(await r.arrayBuffer());",
        "  const e = Buffer.from(await (await fetch(process.argv[3], {method: 'POST', body: b})).arrayBuffer());",
        "  console.log('node', r.status, sha(b), sha(e));",
        "})();",
        ""));
    RecordedSites.writeJavaClient(dir);
  }

  private static Result htapod(List<String> options, String... command) throws Exception {
    return HtapodProcess.runIn(dir, Map.of("ECHO", Integer.toString(echoPort)), options, command);
  }

  @Test
  void theRecordingHoldsWhatTheServersSent() throws Exception {
    String big = sha256(BIG);
    assertThat(recorded.stdout()).isEqualTo(String.join("\n",
        "200 2", "200 2", "200 2", "200 1.1", "200 1.1", "200 1.1", "200 1.1", "200 2",
        "count 1", "count 2",
        big + "  c1", sha256(PAGE) + "  c2", sha256(PAGE_GZIPPED) + "  c3", big + "  c4", sha256(PAGE) + "  c5",
        big + "  c6", big + "  c7", big + "  c8",
        "python 200 " + big + " " + big,
        "node 200 " + sha256(PAGE) + " " + sha256(PAGE),
        "java HTTP_2 200 " + big + " " + big,
        ""));
  }

  @Test
  void theSameRunUnderReplayGetsTheSameBytesWithTheServersGone() throws Exception {
    Result replayed = htapod(List.of("--replay", recording.toString()), "sh", "clients.sh");
    assertThat(replayed.status()).as(replayed.stderr()).isZero();
    assertThat(replayed.stdout()).isEqualTo(recorded.stdout());
    List<String> lines = HtapodProcess.Result.withoutProcesses(replayed.stderr());
    assertThat(lines).noneMatch(line -> line.startsWith("ERR"));
    assertThat(lines).contains("DNS A site.test -> 127.0.0.1");
    assertThat(lines).anyMatch(line -> line.startsWith("<-- 200 GET " + sites.https2("/big.bin") + " 200000 B"));
    assertThat(lines).anyMatch(line -> line.startsWith("<-- 200 POST http://site.test:" + echoPort + "/echo 200000 B"));
  }

  @Test
  void aRequestNotRecordedIsA502AndStatus121AndNothingLeaves() throws Exception {
    try (RecordTestServer live = new RecordTestServer()) {
      Result result = htapod(List.of("--replay", recording.toString(), "--resolve", "live.test=127.0.0.1"), "sh", "-c",
          "curl -sS -o miss.txt -w '%{http_code}\\n' " + sites.plain("/not-recorded")
              + "; curl -sS http://site.test:$ECHO/count http://site.test:$ECHO/count http://site.test:$ECHO/count"
              + "; curl -sS -m 5 http://live.test:" + live.port() + "/count"
              + "; curl -sS -m 5 http://10.0.2.2:" + live.port() + "/count"
              // -s alone: curl's own message would land in the middle of the DNS line on stderr
              + "; curl -s -m 5 http://not-recorded.test:" + sites.plainPort + "/; exit 0");
      assertThat(result.status()).as(result.stderr()).isEqualTo(121);
      assertThat(result.stdout()).as("the recorded answers in order, then the last again")
          .isEqualTo("502\ncount 1\ncount 2\ncount 2\n");
      assertThat(Files.readString(dir.resolve("miss.txt"))).isEqualTo("htapod --replay: GET "
          + sites.plain("/not-recorded") + " is not in the recording (nothing recorded for this method and URL)\n");
      List<String> lines = HtapodProcess.Result.withoutProcesses(result.stderr());
      assertThat(lines).contains("ERR " + sites.plain("/not-recorded")
          + " GET is not in the recording (nothing recorded for this method and URL): answered 502");
      assertThat(lines).contains("ERR 10.0.2.2:" + live.port() + " refused: the recording holds no HTTP for port "
          + live.port() + " (replay)");
      assertThat(lines).contains("DNS A not-recorded.test -> (no answer)");
      assertThat(live.counted()).as("the live server that was not recorded").isZero();
    }
  }

  @Test
  void aConnectionRefusedAloneMakesASuccessfulRunExit121() throws Exception {
    try (RecordTestServer live = new RecordTestServer()) {
      Result result = htapod(List.of("-q", "--replay", recording.toString()), "sh", "-c",
          "curl -s -m 5 http://10.0.2.2:" + live.port() + "/count || echo refused; exit 0");
      assertThat(result.status()).as(result.stderr()).isEqualTo(121);
      assertThat(result.stdout()).isEqualTo("refused\n");
      assertThat(result.stderr()).contains("htapod: 0 request(s) not in the recording were answered 502 and 1"
          + " connection(s) refused (see the ERR lines): exit status 121");
      assertThat(live.counted()).isZero();
    }
  }

  @Test
  void aMissIsSentToTheNetworkWithPassAndRecorded() throws Exception {
    try (RecordTestServer live = new RecordTestServer()) {
      Path small = dir.resolve("small.har");
      String count = "http://live.test:" + live.port() + "/count";
      String echo = "http://live.test:" + live.port() + "/echo";
      Result first = htapod(List.of("-q", "--resolve", "live.test=127.0.0.1", "--record", small.toString()),
          "curl", "-sS", count);
      assertThat(first.stdout()).isEqualTo("count 1\n");
      Path more = dir.resolve("more.har");
      Result result = htapod(List.of("-q", "--replay", small.toString(), "--replay-miss", "pass",
          "--resolve", "live.test=127.0.0.1", "--record", more.toString()), "sh", "-c",
          "curl -sS " + count + " && curl -sS -d fetched " + echo);
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("count 1\nfetched");
      assertThat(live.counted()).as("the recorded request was answered by htapod").isEqualTo(1);
      Result again = htapod(List.of("-q", "--replay", more.toString()), "sh", "-c",
          "curl -sS " + count + " && curl -sS -d fetched " + echo);
      assertThat(again.status()).as(again.stderr()).isZero();
      assertThat(again.stdout()).as("the miss was recorded").isEqualTo("count 1\nfetched");
    }
  }

  @Test
  void aRecordingThatCannotBeReadIsOneLineAndStatus125() throws Exception {
    Result missing = HtapodProcess.run("--replay", dir.resolve("no-such.har").toString(), "--", "true");
    assertThat(missing.status()).isEqualTo(125);
    assertThat(missing.stderr()).isEqualTo("htapod: the recording " + dir.resolve("no-such.har") + " does not exist\n");
    Path broken = dir.resolve("broken.har");
    Files.writeString(broken, "{\"log\": {\"entries\": [{\"request\": 1}]}}");
    Result malformed = HtapodProcess.run("--replay", broken.toString(), "--", "true");
    assertThat(malformed.status()).isEqualTo(125);
    assertThat(malformed.stderr()).isEqualTo("htapod: the recording " + broken
        + " is not a HAR file htapod can replay: entry 1's request is not a JSON object\n");
  }
}

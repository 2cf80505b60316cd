package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Node's WebSocket client talking to an echo server through htapod: the upgrade and each message. */
class WebSocketIT {
  private static WebSocketEchoServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new WebSocketEchoServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void upgradeAndMessagesAreReported() throws Exception {
    String url = "http://site.test:" + server.port() + "/ws";
    String script = "const ws = new WebSocket('ws://site.test:" + server.port() + "/ws');"
        + "let n = 0;"
        + "ws.onopen = () => { ws.send('hello'); ws.send('websocket'); };"
        + "ws.onmessage = (m) => { console.log(m.data); if (++n === 2) ws.close(1000); };"
        + "ws.onclose = () => process.exit(0);"
        + "ws.onerror = (e) => { console.error(e.message); process.exit(1); };";
    Result result = HtapodProcess.run("-v", "--body", "--resolve", "site.test=127.0.0.1", "--",
        "node", "--no-warnings", "--experimental-websocket", "-e", script);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("HELLO\nWEBSOCKET\n");
    assertThat(result.stderrLines()).contains("--> GET " + url)
        .anySatisfy(line -> assertThat(line).matches("<-- 101 GET " + url + " 0 B \\d+ ms"))
        .containsSubsequence("WS --> text 5 B " + url, "    hello")
        .containsSubsequence("WS <-- text 5 B " + url, "    HELLO")
        .containsSubsequence("WS --> text 9 B " + url, "    websocket")
        .containsSubsequence("WS <-- text 9 B " + url, "    WEBSOCKET")
        .anySatisfy(line -> assertThat(line).startsWith("WS --> close 2 B " + url));
  }
}

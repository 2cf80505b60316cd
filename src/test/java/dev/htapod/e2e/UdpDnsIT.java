package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UDP relay and the built-in resolver, with real clients inside. */
class UdpDnsIT {
  @Test
  void getentAndPythonSeeTheResolvedAddressRewrittenToTheGateway() throws Exception {
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--", "sh", "-c",
        "getent hosts site.test; python3 -c \"import socket;"
            + " print(socket.getaddrinfo('site.test', 80, socket.AF_INET, socket.SOCK_STREAM)[0][4][0])\"");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout().lines().map(String::strip)).containsExactly("10.0.2.2        site.test", "10.0.2.2");
    assertThat(result.stderrLines()).contains("DNS A site.test -> 127.0.0.1");
  }

  @Test
  void otherQueryTypesGoToTheUpstreamServer() throws Exception {
    try (TestDnsServer upstream = new TestDnsServer(Map.of("note.test", "hello from upstream"), Map.of())) {
      Result result = HtapodProcess.run("--dns", "127.0.0.1:" + upstream.port(), "--",
          "dig", "+short", "+tries=1", "+time=3", "TXT", "note.test");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("\"hello from upstream\"\n");
      assertThat(result.stderrLines()).contains("DNS TXT note.test -> hello from upstream");
      assertThat(upstream.queries()).isEqualTo(1);
    }
  }

  @Test
  void addressQueriesGoUpstreamWithDnsAndLoopbackAnswersAreRewritten() throws Exception {
    try (TestDnsServer upstream = new TestDnsServer(Map.of(), Map.of("up.test", new byte[] {127, 0, 0, 1}))) {
      Result result = HtapodProcess.run("--dns", "127.0.0.1:" + upstream.port(), "--",
          "dig", "+short", "+tries=1", "+time=3", "A", "up.test");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("10.0.2.2\n");
      assertThat(result.stderrLines()).contains("DNS A up.test -> 127.0.0.1");
    }
  }

  @Test
  void dnsOverTcpIsAnswered() throws Exception {
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--",
        "dig", "+tcp", "+short", "+tries=1", "+time=3", "A", "site.test");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("10.0.2.2\n");
  }

  @Test
  void udpEchoRoundTrip() throws Exception {
    try (DatagramSocket echo = SocketTestServers.udpEcho(InetAddress.getLoopbackAddress())) {
      String script = String.join("\n",
          "import socket, sys",
          "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
          "s.settimeout(5)",
          "for word in ['one', 'two', 'three']:",
          "    s.sendto(word.encode(), ('10.0.2.2', int(sys.argv[1])))",
          "    print(s.recvfrom(100)[0].decode())");
      Result result = HtapodProcess.run("--", "python3", "-c", script, String.valueOf(echo.getLocalPort()));
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("ONE\nTWO\nTHREE\n");
      assertThat(result.stderrLines()).contains(
          "UDP 127.0.0.1:" + echo.getLocalPort() + " 3 datagrams out, 3 in, 11 B out, 11 B in");
    }
  }

  @Test
  void aRefusedUdpPortIsReportedToTheCommand() throws Exception {
    int closedPort;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    String script = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.settimeout(5)",
        "s.connect(('10.0.2.2', int(sys.argv[1])))",
        "s.send(b'anyone?')",
        "try:",
        "    s.recv(100)",
        "except ConnectionRefusedError:",
        "    print('refused')");
    Result result = HtapodProcess.run("-q", "--", "python3", "-c", script, String.valueOf(closedPort));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("refused\n");
  }

  @Test
  void jsonLinesCarryTheFlowFields() throws Exception {
    Result result = HtapodProcess.run("--format", "json", "-o", "-", "--resolve", "site.test=127.0.0.1", "--",
        "getent", "hosts", "site.test");
    assertThat(result.status()).isZero();
    assertThat(result.stdout().lines().filter(line -> line.startsWith("{")))
        .anySatisfy(line -> assertThat(line)
            .startsWith("{\"type\":\"dns\",\"name\":\"site.test\",\"qtype\":\"A\",\"answers\":[\"127.0.0.1\"],"
                + "\"source\":\"resolve\",\"process\":{\"pid\":2,\"name\":\"getent\",\"exe\":\"/")
            .endsWith("/getent\",\"argv\":[\"getent\",\"hosts\",\"site.test\"],\"parents\":[]}}"));
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --allow, --deny and --fail-on-deny with real clients. Every allowed destination is a server on
 * the host's loopback; TEST-NET addresses (192.0.2.x) appear only where they are denied, so they
 * are never dialed.
 */
class PolicyIT {
  private static HttpTestServer http;
  private static HttpTestServer six;
  private static String port;

  @BeforeAll
  static void startServers() throws Exception {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000);
    six = new HttpTestServer(InetAddress.getByName("::1"), 1000);
    port = String.valueOf(http.port());
  }

  @AfterAll
  static void stopServers() {
    http.close();
    six.close();
  }

  /** A shell script's line that runs {@code curl} and prints "NAME=exit status". */
  private static String curl(String name, String arguments) {
    return "curl -sS -o /dev/null " + arguments + "; echo " + name + "=$?";
  }

  @Test
  void anAllowedHostWorksAndADeniedOneIsRefusedAtOnce() throws Exception {
    // The first connection of a run pays for the JVM's warm-up: the allowed one goes first.
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--resolve", "blocked.test=127.0.0.1",
        "--deny", "blocked.test:" + port, "--", "sh", "-c",
        "curl -sS http://site.test:" + port + "/hello; "
            + "curl -sS -o /dev/null -w '%{time_total}\\n' http://blocked.test:" + port + "/hello; echo blocked=$?");
    assertThat(result.stdout().lines()).as(result.stderr()).hasSize(3);
    assertThat(result.stdout().lines().toList().get(0)).isEqualTo("hello");
    assertThat(Double.parseDouble(result.stdout().lines().toList().get(1))).isLessThan(0.5);
    assertThat(result.stdout().lines().toList().get(2)).isEqualTo("blocked=7"); // curl: could not connect
    assertThat(result.stderrLines())
        .contains("DENY 127.0.0.1:" + port + " (blocked.test): denied by --deny blocked.test:" + port)
        .anySatisfy(line -> assertThat(line).startsWith("TCP 127.0.0.1:" + port + " (site.test) closed: "))
        .filteredOn(line -> line.startsWith("DENY")).hasSize(1);
    assertThat(result.status()).isZero();
  }

  @Test
  void withAnAllowListOtherNamesDoNotResolveAndOtherAddressesAreRefused() throws Exception {
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--resolve", "other.test=127.0.0.1",
        "--allow", "site.test", "--", "sh", "-c",
        curl("ip", "http://10.0.2.2:" + port + "/hello") + "; " + curl("other", "http://other.test:" + port + "/")
            + "; " + curl("site", "http://site.test:" + port + "/hello"));
    assertThat(result.stdout()).isEqualTo("ip=7\nother=6\nsite=0\n"); // 6: could not resolve
    assertThat(result.stderrLines()).contains("DENY 127.0.0.1:" + port + ": not allowed", "DENY DNS other.test: not allowed");
    assertThat(result.stderrLines()).noneMatch(line -> line.startsWith("DNS A other.test"));
  }

  @Test
  void failOnDenyTurnsASuccessIntoStatus122() throws Exception {
    Result denied = HtapodProcess.run("--fail-on-deny", "--deny", "192.0.2.0/24", "--", "sh", "-c",
        curl("denied", "http://192.0.2.7/") + "; exit 0");
    assertThat(denied.stdout()).isEqualTo("denied=7\n");
    assertThat(denied.status()).as(denied.stderr()).isEqualTo(122);
    assertThat(denied.stderrLines()).contains("DENY 192.0.2.7:80: denied by --deny 192.0.2.0/24",
        "htapod: the egress policy refused 1 destination(s) (see the DENY lines): exit status 122");

    Result failed = HtapodProcess.run("--fail-on-deny", "--deny", "192.0.2.0/24", "--", "sh", "-c",
        curl("denied", "http://192.0.2.7/") + "; exit 3");
    assertThat(failed.status()).as("the command's own failure wins").isEqualTo(3);

    Result clean = HtapodProcess.run("--fail-on-deny", "--deny", "192.0.2.0/24", "--",
        "curl", "-sS", "http://10.0.2.2:" + port + "/hello");
    assertThat(clean.status()).as(clean.stderr()).isZero();
    assertThat(clean.stdout()).isEqualTo("hello\n");

    Result without = HtapodProcess.run("--deny", "192.0.2.0/24", "--", "sh", "-c",
        curl("denied", "http://192.0.2.7/") + "; exit 0");
    assertThat(without.status()).as("no --fail-on-deny").isZero();
  }

  @Test
  void wildcardAndCidrPatterns() throws Exception {
    Result result = HtapodProcess.run("--resolve", "api.site.test=127.0.0.1", "--resolve", "site.test=127.0.0.1",
        "--allow", "*.site.test", "--allow", "127.0.0.0/8:" + port, "--deny", "192.0.2.0/25", "--", "sh", "-c",
        curl("api", "http://api.site.test:" + port + "/hello") + "; " + curl("apex", "http://site.test:1/")
            + "; " + curl("cidr", "http://10.0.2.2:" + port + "/hello") + "; "
            + curl("testnet", "http://192.0.2.100:" + port + "/"));
    // With an address pattern allowed every name resolves: site.test's connection is judged.
    assertThat(result.stdout()).isEqualTo("api=0\napex=7\ncidr=0\ntestnet=7\n");
    assertThat(result.stderrLines()).contains("DENY 127.0.0.1:1 (site.test): not allowed",
        "DENY 192.0.2.100:" + port + ": denied by --deny 192.0.2.0/25");
  }

  @Test
  void ipv6NamesAndAddresses() throws Exception {
    String sixPort = String.valueOf(six.port());
    Result result = HtapodProcess.run("--resolve", "six.test=::1", "--allow", "six.test:" + sixPort, "--allow", "[::1]:" + sixPort,
        "--deny", "2001:db8::/32", "--", "sh", "-c",
        curl("name", "http://six.test:" + sixPort + "/hello") + "; "
            + curl("address", "-g http://[fd00::2]:" + sixPort + "/hello") + "; "
            + curl("otherport", "-g http://[fd00::2]:" + port + "/") + "; "
            + curl("testnet", "-g http://[2001:db8::7]:443/"));
    assertThat(result.stdout()).as(result.stderr()).isEqualTo("name=0\naddress=0\notherport=7\ntestnet=7\n");
    assertThat(result.stderrLines()).contains("DENY [::1]:" + port + " (six.test): not allowed",
        "DENY [2001:db8::7]:443: denied by --deny 2001:db8::/32");
  }

  @Test
  void aDeniedUdpDestinationIsRefused() throws Exception {
    try (DatagramSocket echo = SocketTestServers.udpEcho(InetAddress.getLoopbackAddress())) {
      String script = String.join("\n",
          "import socket, sys",
          "for port in sys.argv[1:]:",
          "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
          "    s.settimeout(5)",
          "    s.connect(('10.0.2.2', int(port)))",
          "    s.send(b'anyone?')",
          "    try:",
          "        print(s.recv(100).decode())",
          "    except ConnectionRefusedError:",
          "        print('refused')");
      String denied = String.valueOf(echo.getLocalPort());
      Result result = HtapodProcess.run("--deny", "127.0.0.1:" + denied, "--", "python3", "-c", script, denied);
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("refused\n");
      assertThat(result.stderrLines()).containsExactly("DENY UDP 127.0.0.1:" + denied + ": denied by --deny 127.0.0.1:" + denied);
    }
  }

  @Test
  void aDeniedPingIsAnsweredProhibited() throws Exception {
    Result result = HtapodProcess.run("--deny", "192.0.2.7", "--", "ping", "-c", "1", "-W", "2", "192.0.2.7");
    assertThat(result.status()).isEqualTo(1); // ping: no reply
    assertThat(result.stdout()).contains("Packet filtered");
    assertThat(result.stderrLines()).containsExactly("DENY ICMP 192.0.2.7: denied by --deny 192.0.2.7");
  }

  @Test
  void theNameAConnectionSendsIsJudgedBeforeItsBytesGoOut() throws Exception {
    // curl's own --resolve bypasses htapod's DNS: the SYN is judged by address only, then the
    // Host header or the TLS SNI names the denied server, and the connection is reset.
    String resolve = "--resolve secret.test:" + port + ":10.0.2.2 ";
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--deny", "secret.test", "--", "sh", "-c",
        curl("host", resolve + "http://secret.test:" + port + "/hello") + "; "
            + curl("sni", "-k " + resolve + "https://secret.test:" + port + "/hello") + "; "
            + curl("fronted", "-H 'Host: secret.test' http://site.test:" + port + "/hello") + "; "
            + curl("fine", "http://site.test:" + port + "/hello"));
    assertThat(result.stdout()).as(result.stderr()).isEqualTo("host=56\nsni=35\nfronted=56\nfine=0\n");
    assertThat(result.stderrLines().stream().filter(line -> line.startsWith("DENY")))
        .containsOnly("DENY 127.0.0.1:" + port + " (secret.test): denied by --deny secret.test").hasSize(3);
    assertThat(result.stderrLines()).noneMatch(line -> line.contains("/hello") && line.contains("secret.test"));
  }

  @Test
  void denialsAreJsonObjects() throws Exception {
    Result result = HtapodProcess.run("--format", "json", "-o", "-", "--allow", "127.0.0.1", "--", "sh", "-c",
        "curl -sS -o /dev/null http://192.0.2.7:8080/ 2>/dev/null; exit 0");
    assertThat(result.stdout().lines()).anySatisfy(line -> assertThat(line)
        .startsWith("{\"type\":\"deny\",\"protocol\":\"tcp\",\"host\":null,"
            + "\"ip\":\"192.0.2.7\",\"port\":8080,\"deniedBy\":null,\"reason\":\"not allowed\",\"process\":{\"pid\":3,"
            + "\"name\":\"curl\",")
        .endsWith("\"parents\":[{\"pid\":2,\"name\":\"sh\"}]}}"));
  }

  @Test
  void aMalformedPatternIsAUsageError() throws Exception {
    Result result = HtapodProcess.run("--allow", "10.0.0.0/33", "--", "true");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.stderrLines()).containsExactly(
        "htapod: --allow '10.0.0.0/33' is not a valid pattern: the prefix length must be 0 to 32 (see htapod --help)");
  }
}

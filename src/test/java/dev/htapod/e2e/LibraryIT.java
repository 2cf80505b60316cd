package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.Htapod;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.ReplayEvent;
import dev.htapod.api.Route;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TcpRouter;
import dev.htapod.api.TcpSniffer;
import dev.htapod.api.UdpFlowEvent;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API as the README shows it: its example compiled and run, and routers, sniffers, listeners. */
class LibraryIT {
  private static HttpTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String host, String path) {
    return "http://" + host + ":" + server.port() + path;
  }

  @Test
  void theReadmeExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```java\nimport dev.htapod.api.Htapod;");
    assertThat(start).as("the README's library example").isNotNegative();
    String source = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
    Path file = Files.writeString(dir.resolve("PrintExchanges.java"), source);
    // The source-file launcher compiles the example against the jar, as the README runs it.
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", HtapodProcess.JAR.toAbsolutePath().toString(), file.toString(), url("site.test", "/hello"))
        .redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor()).as(output).isZero();
    assertThat(output).isEqualTo("200 GET " + url("site.test", "/hello") + "\n");
  }

  @Test
  void aSnifferSeesTheBytesAndAListenerCountsExchanges() {
    AtomicInteger exchanges = new AtomicInteger();
    ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    int status = Htapod.builder()
        .resolve("site.test", InetAddress.getLoopbackAddress())
        .listener(new TapListener() {
          @Override
          public void httpExchange(HttpExchangeEvent exchange) {
            exchanges.incrementAndGet();
          }
        })
        .sniffer((connection, decrypted) -> new TcpSniffer.Stream() {
          @Override
          public void fromServer(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            fromServer.writeBytes(copy);
          }
        })
        .build()
        .run(List.of("curl", "-s", "-o", "/dev/null", url("site.test", "/hello"), "-o", "/dev/null",
            url("site.test", "/hello")));
    assertThat(status).isZero();
    assertThat(exchanges).hasValue(2);
    assertThat(fromServer.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK").contains("hello\n");
  }

  /**
   * A router may redirect to a name: the relay connects where it resolves, and the error (without
   * a server name, SNI, from the command) and the flow name that address.
   */
  @Test
  void aFailedHandshakeAfterARedirectToANameIsReported(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki(dir); // its CA is not one htapod trusts
    try (HttpsTestServer https = new HttpsTestServer(pki.serverP12, new byte[16])) {
      InetSocketAddress there = InetSocketAddress.createUnresolved("localhost", https.port());
      List<String> events = new CopyOnWriteArrayList<>();
      int status = Htapod.builder()
          .router(connection -> connection.destination().getPort() == 4443 ? Route.redirect(there) : Route.relay())
          .listener(new TapListener() {
            @Override
            public void error(dev.htapod.api.ErrorEvent error) {
              events.add(error.subject() + " " + error.message());
            }

            @Override
            public void tcpFlow(TcpFlowEvent flow) {
              events.add("TCP " + flow.ip() + ":" + flow.port());
            }
          })
          .build()
          .run(List.of("curl", "-sS", "-o", "/dev/null", "https://10.0.2.2:4443/")); // an address: no SNI
      assertThat(status).isEqualTo(35); // curl: TLS handshake failed
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).startsWith("https://127.0.0.1:" + https.port() + " upstream certificate not trusted: ");
      assertThat(events.get(1)).isEqualTo("TCP 127.0.0.1:" + https.port());
    }
  }

  /** A UDP router may redirect to a name too: it is resolved, then the flow relayed there. */
  @Test
  void aUdpRouterRedirectsToAName() throws Exception {
    try (DatagramSocket echo = SocketTestServers.udpEcho(InetAddress.getLoopbackAddress())) {
      InetSocketAddress there = InetSocketAddress.createUnresolved("localhost", echo.getLocalPort());
      List<String> flows = new CopyOnWriteArrayList<>();
      String script = String.join("\n",
          "import socket, sys",
          "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
          "s.settimeout(5)",
          "s.sendto(b'moved', ('10.0.2.2', 9))",
          "sys.exit(0 if s.recvfrom(100)[0] == b'MOVED' else 3)");
      int status = Htapod.builder()
          .udpRouter(flow -> flow.destination().getPort() == 9 ? Route.redirect(there) : Route.relay())
          .listener(new TapListener() {
            @Override
            public void udpFlow(UdpFlowEvent flow) {
              flows.add("UDP " + flow.ip() + ":" + flow.port() + " " + flow.datagramsIn() + " in");
            }
          })
          .build()
          .run(List.of("python3", "-c", script));
      assertThat(status).isZero();
      assertThat(flows).containsExactly("UDP 127.0.0.1:" + echo.getLocalPort() + " 1 in");
    }
  }

  @Test
  void aRouterRefusesOneHostAndRedirectsAnother() throws Exception {
    // moved.test is ::1 to the command (fd00::2 inside), where nothing listens; the router sends it
    // to the server on 127.0.0.1. refused.test is refused before anything is dialed.
    TcpRouter router = TcpRouter.redirecting(InetAddress.getByName("fd00::2"), InetAddress.getByName("127.0.0.1"),
        connection -> "refused.test".equals(connection.host()) ? Route.refuse() : Route.relay());
    List<String> errors = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    int status = Htapod.builder()
        .resolve("moved.test", InetAddress.getByName("::1"))
        .resolve("refused.test", InetAddress.getLoopbackAddress())
        .router(router)
        .listener(new TapListener() {
          @Override
          public void error(dev.htapod.api.ErrorEvent error) {
            errors.add(error.subject() + " " + error.message());
          }
        })
        .build()
        .run(List.of("sh", "-c", "curl -sS -o /dev/null -w '%{http_code}' " + url("moved.test", "/hello")
            + " && curl -sS " + url("refused.test", "/hello") + "; test $? -eq 7"));
    assertThat(status).isZero();
    assertThat(System.nanoTime() - started).as("refused at once, not timed out").isLessThan(10_000_000_000L);
    assertThat(errors).containsExactly("10.0.2.2:" + server.port() + " refused by the router");
  }

  @Test
  void aPolicyFromLinesAuditedAndTheDestinationsTheListenerIsTold() {
    String port = String.valueOf(server.port());
    List<String> audits = new CopyOnWriteArrayList<>();
    List<DestinationUse> destinations = new CopyOnWriteArrayList<>();
    Htapod.Builder tap = Htapod.builder()
        .resolve("site.test", InetAddress.getLoopbackAddress())
        .resolve("new.test", InetAddress.getLoopbackAddress())
        .policy("ci-policy", List.of("# the build", "site.test:" + port))
        .listener(new TapListener() {
          @Override
          public void audit(DenyEvent event) {
            audits.add(event.protocol() + " " + event.host() + " " + event.process().name());
          }

          @Override
          public void summary(SummaryEvent summary) {
            destinations.addAll(summary.destinations());
          }
        });
    List<String> command = List.of("sh", "-c", "curl -sS -o /dev/null " + url("site.test", "/hello")
        + " && curl -sS -o /dev/null " + url("new.test", "/hello"));

    assertThat(tap.audit(true).build().run(command)).isZero();
    assertThat(audits).containsExactly("dns new.test curl", "tcp new.test curl");
    assertThat(destinations).containsExactly(
        new DestinationUse("new.test:" + port, "new.test", "127.0.0.1", server.port(), DestinationUse.Verdict.AUDITED,
            Map.of("curl", 1L)),
        new DestinationUse("site.test:" + port, "site.test", "127.0.0.1", server.port(), DestinationUse.Verdict.ALLOWED,
            Map.of("curl", 1L)));

    destinations.clear();
    assertThat(tap.audit(false).build().run(command)).as("curl's own failure: it could not resolve").isEqualTo(6);
    assertThat(destinations).extracting(DestinationUse::pattern, DestinationUse::verdict).containsExactly(
        org.assertj.core.groups.Tuple.tuple("new.test", DestinationUse.Verdict.REFUSED),
        org.assertj.core.groups.Tuple.tuple("site.test:" + port, DestinationUse.Verdict.ALLOWED));
  }

  /** A run recorded through the API, then replayed: each hit and miss is told to the listener. */
  @Test
  void aRecordingReplaysAndTheListenerHearsEachHitAndMiss(@TempDir Path dir) {
    Path recording = dir.resolve("run.har");
    List<String> hello = List.of("curl", "-sS", "-o", "/dev/null", url("site.test", "/hello"));
    assertThat(Htapod.builder().resolve("site.test", InetAddress.getLoopbackAddress()).record(recording).build()
        .run(hello)).isZero();

    List<String> replayed = new CopyOnWriteArrayList<>();
    Htapod replay = Htapod.builder()
        .replay(recording)
        .listener(new TapListener() {
          @Override
          public void replay(ReplayEvent event) {
            replayed.add(event.method() + " " + event.url() + " " + event.hit() + " " + event.status());
          }
        })
        .build();
    int status = replay.run(List.of("sh", "-c", "curl -sS -o /dev/null " + url("site.test", "/hello")
        + " && curl -s -o /dev/null " + url("site.test", "/not-recorded")));

    assertThat(status).as("curl took the 502 in its stride; the run did not").isEqualTo(Htapod.REPLAY_MISS_STATUS);
    assertThat(replayed).containsExactly(
        "GET " + url("site.test", "/hello") + " true 200",
        "GET " + url("site.test", "/not-recorded") + " false 502");
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TCP through htapod's stack: byte-exact both ways, many at once, refusals, half-close, IPv6. */
class TcpRelayIT {
  private static final long HUNDRED_MB = 100L << 20;
  private static HttpTestServer http;

  @BeforeAll
  static void startServer() throws Exception {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), HUNDRED_MB);
  }

  @AfterAll
  static void stopServer() {
    http.close();
  }

  @Test
  void curlDownloads100MegabytesByteExact() throws Exception {
    Result result = HtapodProcess.run("--resolve", "site.test=127.0.0.1", "--",
        "sh", "-c", "curl -sS http://site.test:" + http.port() + "/blob | sha256sum");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).startsWith(http.blobSha256() + " ");
    assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line)
        .matches("TCP 127\\.0\\.0\\.1:" + http.port() + " \\(site\\.test\\) closed: \\d+ B out, "
            + (HUNDRED_MB + 100) / 1000 / 1000 + "\\d+ B in, \\d+ ms"));
  }

  @Test
  void curlUploads100MegabytesByteExact(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("upload.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(7).nextBytes(chunk);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (var out = Files.newOutputStream(file)) {
      for (int i = 0; i < 100; i++) {
        out.write(chunk);
        sha.update(chunk);
      }
    }
    Result result = HtapodProcess.run("--", "curl", "-sS", "--data-binary", "@" + file,
        "http://10.0.2.2:" + http.port() + "/upload");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).isEqualTo(HUNDRED_MB + " " + HexFormat.of().formatHex(sha.digest()) + "\n");
  }

  @Test
  void twoHundredConcurrentConnectionsAllCompleteByteExact() throws Exception {
    try (HttpTestServer small = new HttpTestServer(InetAddress.getLoopbackAddress(), 300_000)) {
      String script = String.join("\n",
          "import hashlib, sys, threading, urllib.request",
          "url = sys.argv[1]",
          "digests = []",
          "def fetch():",
          "    digests.append(hashlib.sha256(urllib.request.urlopen(url, timeout=60).read()).hexdigest())",
          "threads = [threading.Thread(target=fetch) for _ in range(200)]",
          "[t.start() for t in threads]",
          "[t.join() for t in threads]",
          "print(len(digests), ' '.join(sorted(set(digests))))");
      Result result = HtapodProcess.run("-q", "--", "python3", "-c", script,
          "http://10.0.2.2:" + small.port() + "/blob");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("200 " + small.blobSha256() + "\n");
    }
  }

  @Test
  void aRefusedConnectionFailsAtOnce() throws Exception {
    Result result = HtapodProcess.run("-v", "--resolve", "site.test=127.0.0.1", "--",
        "curl", "-sS", "-o", "/dev/null", "-w", "%{time_total}", "http://site.test:1/");
    assertThat(result.status()).isEqualTo(7); // curl: could not connect
    assertThat(Double.parseDouble(result.stdout())).isLessThan(1.0);
    assertThat(result.stderrLines().stream())
        .anySatisfy(line -> assertThat(line).matches("TCP 127\\.0\\.0\\.1:1 \\(site\\.test\\) refused, \\d+ ms"))
        .anySatisfy(line -> assertThat(line).startsWith("SUMMARY site.test: 0 requests, 0 B out, 0 B in, 1 error,"));
  }

  /**
   * htapod with too few files for the command's connections: each one it cannot dial is an ERR
   * line and an error in the summary, and the command sees it fail.
   */
  @Test
  void aDialThatHtapodCannotMakeIsAnError() throws Exception {
    List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket server = SocketTestServers.tcp(InetAddress.getLoopbackAddress(), socket -> {
      accepted.add(socket);
      socket.getInputStream().read(); // held open until the client goes
    })) {
      String script = String.join("\n",
          "import socket, sys",
          "held, failed = [], 0",
          "for i in range(300):",
          "    try: held.append(socket.create_connection(('10.0.2.2', int(sys.argv[1])), timeout=10))",
          "    except OSError: failed += 1",
          "print(failed)");
      List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -n 150 && exec \"$@\"", "sh"));
      command.addAll(HtapodProcess.commandLine("-v", "--", "python3", "-c", script, String.valueOf(server.getLocalPort())));
      Result result = HtapodProcess.run(new ProcessBuilder(command), "");
      assertThat(result.status()).as(result.stderr()).isZero();
      int failed = Integer.parseInt(result.stdout().strip());
      assertThat(failed).as("connections htapod could not dial").isPositive();
      assertThat(result.stderrLines().stream().filter(line -> line.matches(
          "ERR 127\\.0\\.0\\.1:\\d+ could not connect: Too many open files \\(htapod's limit.*")))
          .hasSize(failed);
      assertThat(result.stderrLines().stream())
          .anySatisfy(line -> assertThat(line).startsWith("SUMMARY 127.0.0.1: 0 requests, 0 B out, 0 B in, " + failed + " error"));
    }
  }

  /**
   * A server that sends part of a body, then resets: the command gets every byte it sent, then
   * the reset (never a clean end), and the report counts what the command received.
   */
  @Test
  void aResetFromTheServerComesAfterItsBytesAndIsReported() throws Exception {
    byte[] head = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] part = new byte[300_000];
    new Random(7).nextBytes(part);
    try (ServerSocket server = SocketTestServers.tcp(InetAddress.getLoopbackAddress(), socket -> {
      socket.getInputStream().read(new byte[4096]); // the request
      socket.getOutputStream().write(head);
      socket.getOutputStream().write(part);
      socket.getOutputStream().flush();
      socket.setSoLinger(true, 0); // close with a RST, mid-body
    })) {
      Result result = HtapodProcess.run("--format", "json", "--", "sh", "-c", "f=$(mktemp); curl -sS -o $f http://10.0.2.2:"
          + server.getLocalPort() + "/; wc -c <$f; sha256sum <$f; rm $f");
      // The server's RST discards what its socket had not sent yet: the command gets a prefix.
      String[] received = result.stdout().split("\\s+");
      int length = Integer.parseInt(received[0]);
      assertThat(length).isPositive();
      assertThat(received[1]).isEqualTo(HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(part, length))));
      assertThat(result.stderr()).contains("curl: (56)"); // a receive failure: the reset, not an end
      assertThat(result.stderrLines().stream())
          .anySatisfy(line -> assertThat(line).contains("\"type\":\"tcp\"")
              .contains("\"outcome\":\"reset_by_server\"")
              .contains("\"bytesIn\":" + (head.length + length) + ","));
    }
  }

  /**
   * A server that keeps its side open after the command's FIN: the run ends with the connection
   * half closed, which was whole for the command, so it is reported closed, not reset.
   */
  @Test
  void aConnectionTheCommandFinishedIsClosedThoughTheServerNeverHangsUp() throws Exception {
    CountDownLatch runOver = new CountDownLatch(1);
    try (ServerSocket server = SocketTestServers.tcp(InetAddress.getLoopbackAddress(), socket -> {
      socket.getInputStream().read(new byte[4096]); // the request
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhi\n"
          .getBytes(StandardCharsets.US_ASCII));
      runOver.await();
    })) {
      Result result = HtapodProcess.run("--", "curl", "-sS", "http://10.0.2.2:" + server.getLocalPort() + "/");
      runOver.countDown();
      assertThat(result.status()).isZero();
      assertThat(result.stdout()).isEqualTo("hi\n");
      assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line)
          .matches("TCP 127\\.0\\.0\\.1:" + server.getLocalPort() + " closed: \\d+ B out, 41 B in, \\d+ ms"));
      assertThat(result.stderr()).doesNotContain("reset");
    }
  }

  @Test
  void halfCloseDeliversTheWholeAnswer() throws Exception {
    try (ServerSocket server = SocketTestServers.hashUntilEof(InetAddress.getLoopbackAddress())) {
      String script = String.join("\n",
          "import socket, sys",
          "c = socket.create_connection(('10.0.2.2', int(sys.argv[1])))",
          "c.sendall(b'x' * 5000000)",
          "c.shutdown(socket.SHUT_WR)",
          "answer = b''",
          "while True:",
          "    d = c.recv(65536)",
          "    if not d: break",
          "    answer += d",
          "print(answer.decode().strip())");
      Result result = HtapodProcess.run("-q", "--", "python3", "-c", script, String.valueOf(server.getLocalPort()));
      assertThat(result.status()).as(result.stderr()).isZero();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("x".repeat(5_000_000).getBytes());
      assertThat(result.stdout()).isEqualTo("5000000 " + HexFormat.of().formatHex(sha.digest()) + "\n");
    }
  }

  /**
   * A bulk send moves the connection's outward socket to a second loop: the answer after it is
   * read, bytes keep their order both ways across it, and small exchanges and the end still work.
   */
  @Test
  void aConnectionKeepsItsBytesInOrderAcrossBulkAndSmallExchanges() throws Exception {
    try (ServerSocket server = SocketTestServers.blocks(InetAddress.getLoopbackAddress())) {
      String script = String.join("\n",
          "import hashlib, socket, sys",
          "c = socket.create_connection(('10.0.2.2', int(sys.argv[1])))",
          "f = c.makefile('rb')",
          "data = b''.join(hashlib.sha256(b'%d' % i).digest() for i in range(1 << 18))",
          "c.sendall(b'hash %d\\n' % len(data) + data)",
          "ok = [f.readline() == b'%d %s\\n' % (len(data), hashlib.sha256(data).hexdigest().encode())]",
          "c.sendall(b'echo %d\\n' % len(data) + data)",
          "ok.append(f.read(len(data)) == data)",
          "for i in range(100):",
          "    line = b'ping %d\\n' % i",
          "    c.sendall(b'echo %d\\n' % len(line) + line)",
          "    ok.append(f.readline() == line)",
          "c.shutdown(socket.SHUT_WR)",
          "ok.append(f.read() == b'')",
          "print(ok.count(True), 'of', len(ok))");
      Result result = HtapodProcess.run("-v", "--", "python3", "-c", script, String.valueOf(server.getLocalPort()));
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("103 of 103\n");
      assertThat(result.stderr()).contains(" sends in bulk: its outward socket moves to the bulk loop");
    }
  }

  /**
   * A command that stops reading stops the download from the host: the server gets no further
   * than what the buffers on the way hold. Connections on "D" get the blob, on "Q" how much of it
   * the server has written so far, which the command asks for while it is not reading.
   */
  @Test
  void aCommandThatStopsReadingHoldsBackTheServer() throws Exception {
    long total = 200L << 20;
    byte[] chunk = new byte[64 << 10];
    new Random(11).nextBytes(chunk);
    AtomicLong written = new AtomicLong();
    try (ServerSocket server = SocketTestServers.tcp(InetAddress.getLoopbackAddress(), socket -> {
      OutputStream out = socket.getOutputStream();
      if (socket.getInputStream().read() == 'Q') {
        out.write((written.get() + "\n").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      for (long sent = 0; sent < total; sent += chunk.length) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    })) {
      String script = String.join("\n",
          "import hashlib, socket, sys, time",
          "address = ('10.0.2.2', int(sys.argv[1]))",
          "d = socket.create_connection(address)",
          "d.sendall(b'D')",
          "sha, got = hashlib.sha256(), 0",
          "def read(limit):",
          "    global got",
          "    while got < limit:",
          "        data = d.recv(1 << 20)",
          "        if not data: break",
          "        sha.update(data)",
          "        got += len(data)",
          "read(8 << 20)",
          "time.sleep(3)",
          "q = socket.create_connection(address)",
          "q.sendall(b'Q')",
          "progress = int(q.makefile().readline())",
          "read(float('inf'))",
          "print(got, sha.hexdigest(), progress >> 20)");
      Result result = HtapodProcess.run("-q", "--", "python3", "-c", script, String.valueOf(server.getLocalPort()));
      assertThat(result.status()).as(result.stderr()).isZero();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (long hashed = 0; hashed < total; hashed += chunk.length) {
        sha.update(chunk);
      }
      String[] words = result.stdout().trim().split(" ");
      assertThat(words[0] + " " + words[1]).isEqualTo(total + " " + HexFormat.of().formatHex(sha.digest()));
      // 8 MiB read, the command's receive buffer (up to 32 MiB), htapod's queue and the sockets'.
      assertThat(Long.parseLong(words[2])).as("MiB written while the command did not read").isLessThan(100);
    }
  }

  @Test
  void aServerThatSpeaksFirstIsHeard() throws Exception {
    try (ServerSocket server = SocketTestServers.banner(InetAddress.getLoopbackAddress(), "220 ready")) {
      String script = String.join("\n",
          "import socket, sys",
          "c = socket.create_connection(('10.0.2.2', int(sys.argv[1])))",
          "f = c.makefile('rwb')",
          "print(f.readline().decode().strip())",
          "f.write(b'echo me\\n'); f.flush()",
          "print(f.readline().decode().strip())");
      Result result = HtapodProcess.run("-q", "--", "python3", "-c", script, String.valueOf(server.getLocalPort()));
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("220 ready\necho me\n");
    }
  }

  @Test
  void keepAliveProbesAreAnswered() throws Exception {
    // Probes after 1 s idle, 1 s apart, 2 unanswered ones end the connection: it must live 4 s.
    String script = String.join("\n",
        "import socket, sys, time",
        "s = socket.create_connection(('10.0.2.2', int(sys.argv[1])))",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)",
        "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)",
        "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)",
        "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)",
        "time.sleep(4)",
        "s.sendall(b'GET /hello HTTP/1.0\\r\\n\\r\\n')",
        "print(s.recv(1000).split(b'\\r\\n')[0].decode())");
    Result result = HtapodProcess.run("-q", "--", "python3", "-c", script, String.valueOf(http.port()));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("HTTP/1.1 200 OK\n");
  }

  @Test
  void ipv6ReachesTheHostsLoopback() throws Exception {
    try (HttpTestServer six = new HttpTestServer(InetAddress.getByName("::1"), 1000)) {
      Result result = HtapodProcess.run("--", "curl", "-sS", "-g", "http://[fd00::2]:" + six.port() + "/hello");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("hello\n");
      assertThat(result.stderrLines()).anySatisfy(line ->
          assertThat(line).startsWith("TCP [::1]:" + six.port() + " closed: "));
    }
  }

  @Test
  void mapSendsAnAddressElsewhere() throws Exception {
    // 192.0.2.1 (TEST-NET-1) is never contacted: the mapping sends it to the local server.
    Result result = HtapodProcess.run("--map", "192.0.2.1:80=127.0.0.1:" + http.port(), "--",
        "curl", "-sS", "http://192.0.2.1/hello");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\n");
  }
}

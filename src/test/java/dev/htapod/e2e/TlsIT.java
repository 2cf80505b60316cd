package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through htapod: real clients, none told about any CA, against a real HTTPS server whose
 * certificate comes from a test CA that only htapod is told about (--upstream-ca).
 */
class TlsIT {
  private static final byte[] BODY = new byte[2 << 20];
  private static String bodySha256;
  @TempDir static Path pkiDir;
  private static TestPki pki;
  private static HttpsTestServer server;
  private static HttpsTestServer untrusted;

  @BeforeAll
  static void start() throws Exception {
    new Random(3).nextBytes(BODY);
    bodySha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));
    pki = new TestPki(pkiDir);
    server = new HttpsTestServer(pki.serverP12, BODY);
    untrusted = new HttpsTestServer(pki.untrustedP12, BODY);
  }

  @AfterAll
  static void stop() {
    server.close();
    untrusted.close();
  }

  private static String url(HttpsTestServer on) {
    return "https://site.test:" + on.port() + "/body";
  }

  /** htapod told about the test CA upstream, site.test resolving to the host's loopback. */
  private static Result run(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("--upstream-ca", pki.caPem.toString(), "--resolve", "site.test=127.0.0.1", "--"));
    args.addAll(List.of(command));
    return HtapodProcess.run(args.toArray(String[]::new));
  }

  @Test
  void curlIsDecryptedByteExactAndSeesTheRunsCa() throws Exception {
    Result result = run("sh", "-c", "curl -sS " + url(server) + " | sha256sum; curl -sv -o /dev/null "
        + url(server) + " 2>&1 | grep -E 'issuer:|subject:'");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout().lines().toList().get(0)).startsWith(bodySha256);
    assertThat(result.stdout()).contains("subject: CN=site.test").containsPattern("issuer: O=htapod; CN=htapod per-run CA [0-9a-f]+");
    assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line).matches(
        "TCP 127\\.0\\.0\\.1:" + server.port() + " \\(site\\.test\\) (closed|reset by command): .*, TLS TLSv1\\.[23] (http/1\\.1 )?decrypted sni=site\\.test"));
  }

  /** Many decrypted connections at once, each with a leaf of the same name, all whole and reported. */
  @Test
  void fiftyConcurrentDecryptedConnectionsAreByteExactAndEachReported() throws Exception {
    String script = String.join("\n",
        "import hashlib, sys, threading, urllib.request",
        "digests = []",
        "def fetch():",
        "    digests.append(hashlib.sha256(urllib.request.urlopen(sys.argv[1], timeout=60).read()).hexdigest())",
        "threads = [threading.Thread(target=fetch) for _ in range(50)]",
        "[t.start() for t in threads]",
        "[t.join() for t in threads]",
        "print(len(digests), ' '.join(sorted(set(digests))))");
    Result result = run("python3", "-c", script, url(server));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("50 " + bodySha256 + "\n");
    List<String> lines = result.stderrLines();
    assertThat(lines).filteredOn(line -> line.startsWith("<-- 200 GET " + url(server) + " " + BODY.length + " B ")).hasSize(50);
    // urllib closes without reading the close_notify that follows the body: its kernel resets
    assertThat(lines).filteredOn(line -> line.matches("TCP 127\\.0\\.0\\.1:" + server.port()
        + " \\(site\\.test\\) (closed|reset by command): .* decrypted sni=site\\.test")).hasSize(50);
    assertThat(lines).noneMatch(line -> line.startsWith("ERR"));
  }

  @Test
  void pythonWgetAndNodeTrustTheRunsCaWithoutBeingTold() throws Exception {
    String python = "python3 -c \"import hashlib, urllib.request;"
        + " print(hashlib.sha256(urllib.request.urlopen('" + url(server) + "').read()).hexdigest())\"";
    String wget = "wget -q -O - " + url(server) + " | sha256sum";
    String node = "node -e \"require('https').get('" + url(server) + "', r => { const h = require('crypto')"
        + ".createHash('sha256'); r.on('data', d => h.update(d)); r.on('end', () => console.log(h.digest('hex'))); })"
        + ".on('error', e => { console.error(e.message); process.exit(1); })\"";
    Result result = run("sh", "-c", python + " && " + wget + " && " + node);
    assertThat(result.status()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout().lines().map(line -> line.replace("  -", "").strip()))
        .containsExactly(bodySha256, bodySha256, bodySha256);
  }

  @Test
  void aClientLookingOnlyInOpensslsHashedDirectoryFindsTheRunsCa() throws Exception {
    // No bundle and no variables: only /etc/ssl/certs/<subject hash>.0, the names c_rehash gives.
    String python = "env -u SSL_CERT_FILE -u SSL_CERT_DIR python3 -c \"import hashlib, ssl, urllib.request;"
        + " c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); c.load_verify_locations(capath='/etc/ssl/certs');"
        + " print(hashlib.sha256(urllib.request.urlopen('" + url(server) + "', context=c).read()).hexdigest())\"";
    Result result = run("sh", "-c", python);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout().strip()).isEqualTo(bodySha256);
  }

  @Test
  void javaTrustsTheRunsCaWithoutAnyBanner(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Fetch.java"), String.join("\n",
        "import java.net.URI; import java.net.http.*; import java.security.MessageDigest;",
        "public class Fetch { public static void main(String[] a) throws Exception {",
        "  byte[] body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a[0])).build(),",
        "      HttpResponse.BodyHandlers.ofByteArray()).body();",
        "  System.out.println(java.util.HexFormat.of().formatHex(MessageDigest.getInstance(\"SHA-256\").digest(body)));",
        "} }"));
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    assertThat(new ProcessBuilder(javac.toString(), "-d", dir.toString(), dir.resolve("Fetch.java").toString())
        .inheritIO().start().waitFor()).isZero();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Result result = run(java.toString(), "-cp", dir.toString(), "Fetch", url(server));
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(bodySha256 + "\n");
    assertThat(result.stderr()).doesNotContain("Picked up");
  }

  @Test
  void passthroughAndNoDecryptShowTheServersOwnCertificate() throws Exception {
    String show = "curl -sv --cacert " + pki.caPem + " -o /dev/null " + url(server) + " 2>&1 | grep 'issuer:'";
    for (String option : List.of("--passthrough=site.test", "--no-decrypt")) {
      Result result = HtapodProcess.run(option, "--resolve", "site.test=127.0.0.1", "--", "sh", "-c", show);
      assertThat(result.status()).as(option).isZero();
      assertThat(result.stdout()).as(option).contains("issuer: CN=htapod test CA");
      assertThat(result.stderrLines()).as(option).anySatisfy(line -> assertThat(line).endsWith("TLS untouched sni=site.test"));
    }
  }

  @Test
  void anUntrustedServerFailsTheHandshakeAtOnceWithAnErrLine() throws Exception {
    Result result = run("curl", "-sS", "-o", "/dev/null", "-w", "%{time_total}", url(untrusted));
    assertThat(result.status()).isEqualTo(35); // curl: TLS handshake failed
    assertThat(Double.parseDouble(result.stdout())).isLessThan(2.0);
    assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line)
        .startsWith("ERR https://site.test:" + untrusted.port() + " upstream certificate not trusted: "));
    Result insecure = HtapodProcess.run("--insecure", "--resolve", "site.test=127.0.0.1", "--",
        "sh", "-c", "curl -sS " + url(untrusted) + " | sha256sum");
    assertThat(insecure.status()).isZero();
    assertThat(insecure.stdout()).startsWith(bodySha256);
  }

  @Test
  void aServerAskingForAClientCertificateIsRelayedUntouched() throws Exception {
    int port = LocalPorts.free();
    // openssl's test server, requiring a client certificate from the test CA; -www answers with
    // a page that names the client certificate it got.
    Process mtls = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port,
        "-cert", pki.dir.resolve("site.pem").toString(), "-key", pki.dir.resolve("site.key").toString(),
        "-Verify", "1", "-CAfile", pki.caPem.toString(), "-www")
        .redirectErrorStream(true).redirectOutput(pkiDir.resolve("s_server.out").toFile()).start();
    try {
      LocalPorts.awaitListening(port, "openssl s_server");
      String curl = "curl -sS --cert " + pki.clientPem + " --key " + pki.clientKey + " --cacert " + pki.caPem
          + " https://site.test:" + port + "/ | grep -c 'Client certificate'";
      Result result = run("sh", "-c", curl + " && " + curl);
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("1\n1\n");
      // Reported once; the second connection is relayed untouched from the start.
      assertThat(result.stderrLines().stream().filter(line -> line.startsWith("ERR "))).containsExactly(
          "ERR https://site.test:" + port + " the server asks for a client certificate: relayed untouched, not decrypted");
      assertThat(result.stderrLines().stream().filter(line -> line.startsWith("TCP ")))
          .hasSize(2).allSatisfy(line -> assertThat(line).endsWith("TLS untouched sni=site.test"));
    } finally {
      mtls.destroy();
      mtls.waitFor();
    }
  }

  @Test
  void plainTextOnPort443IsRelayedAsItIs() throws Exception {
    try (HttpTestServer plain = new HttpTestServer(java.net.InetAddress.getLoopbackAddress(), 10)) {
      Result result = HtapodProcess.run("--map", "10.0.2.2:443=127.0.0.1:" + plain.port(), "--",
          "curl", "-sS", "http://10.0.2.2:443/hello");
      assertThat(result.status()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("hello\n");
      assertThat(result.stderrLines()).anySatisfy(line -> assertThat(line).doesNotContain("TLS").startsWith("TCP 127.0.0.1:"));
    }
  }

  /**
   * The trust files the command sees live on a tmpfs of its own mount namespace: while it runs,
   * htapod's temporary directory stays empty, and none of the files it is shown holds a key.
   */
  @Test
  void theHostsTrustFilesStayAsTheyWereAndTheCaKeyIsInNoFile(@TempDir Path tmp) throws Exception {
    List<Path> trustFiles = Stream.of("/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/java/cacerts",
        "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem").map(Path::of).filter(Files::isRegularFile).toList();
    List<String> before = sha256(trustFiles);
    // Every mount of htapod's files: bind mounts out of its tmpfs, and the overlays.
    String shown = "mounts=$(grep -E ' - (tmpfs htapod|overlay overlay) ' /proc/self/mountinfo | cut -d' ' -f5);"
        + " echo \"$mounts\" | grep -c /; grep -rlI 'PRIVATE KEY' $mounts; echo checked; read -r _ || :";
    HtapodProcess htapod = HtapodProcess.start(new ProcessBuilder(HtapodProcess.commandLine(
        List.of("-Djava.io.tmpdir=" + tmp), "--", "sh", "-c", shown)));
    htapod.awaitStdout("checked");
    assertThat(tmp).as("htapod's temporary directory while the command runs").isEmptyDirectory();
    htapod.closeStdin();
    Result result = htapod.await();
    assertThat(result.status()).as(result.stderr()).isZero();
    List<String> lines = result.stdout().lines().toList();
    assertThat(lines).as("the number of mounts, no file with a key, then checked").hasSize(2);
    assertThat(Integer.parseInt(lines.get(0))).as("resolv.conf, hosts and the trust files").isGreaterThanOrEqualTo(3);
    assertThat(sha256(trustFiles)).isEqualTo(before);
  }

  private static List<String> sha256(List<Path> files) throws Exception {
    List<String> sums = new ArrayList<>();
    for (Path file : files) {
      sums.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    }
    return sums;
  }
}

package dev.htapod.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The sites that {@link RecordIT} and {@link ReplayIT} record: nginx at site.test (resolved to the
 * host's loopback) over h2 with TLS, HTTP/1.1 with TLS, plain HTTP and h2c (prior knowledge),
 * serving {@code /big.bin} ({@link #BIG}) and {@code /page.txt} ({@link #PAGE}). With gzip_static,
 * a client that accepts gzip gets page.txt.gz as it is stored, {@link #PAGE_GZIPPED}, so the bytes
 * on the wire are known.
 */
final class RecordedSites implements AutoCloseable {
  /** More than --max-body's default (64 KiB), none of it text; the same bytes in every run. */
  static final byte[] BIG = random(200_000, 21);
  /** Text that decodes to more than --max-body's default. */
  static final byte[] PAGE =
      "a line of text that compresses well, \u00e9t\u00e9 \u2713\n".repeat(5_000).getBytes(StandardCharsets.UTF_8);
  static final byte[] PAGE_GZIPPED = gzip(PAGE);

  /** The CA of the sites' certificate, for --upstream-ca. */
  final TestPki pki;
  final int h2Port;
  final int h1TlsPort;
  final int plainPort;
  final int h2cPort;
  private final TestNginx nginx;

  /** Starts nginx, with its files and the PKI's in directories of {@code dir}. */
  RecordedSites(Path dir) throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.write(www.resolve("big.bin"), BIG);
    Files.write(www.resolve("page.txt"), PAGE);
    Files.write(www.resolve("page.txt.gz"), PAGE_GZIPPED);
    h2Port = LocalPorts.free();
    h1TlsPort = LocalPorts.free();
    plainPort = LocalPorts.free();
    h2cPort = LocalPorts.free();
    nginx = new TestNginx(dir, pki, www, List.of(h2Port, h1TlsPort, plainPort, h2cPort),
        List.of("ssl http2; gzip_static on;", "ssl; gzip_static on;", "; gzip_static on;", "http2;"));
  }

  String https2(String path) {
    return "https://site.test:" + h2Port + path;
  }

  String https1(String path) {
    return "https://site.test:" + h1TlsPort + path;
  }

  String plain(String path) {
    return "http://site.test:" + plainPort + path;
  }

  String h2c(String path) {
    return "http://site.test:" + h2cPort + path;
  }

  /** Stops nginx; the ports stay as they were, for the URLs of a replay. */
  @Override
  public void close() {
    nginx.close();
  }

  /**
   * Writes {@code Fetch.java} in {@code dir}: Java's HttpClient GETs its first argument and POSTs
   * the body to its second, then prints "java", the GET's HTTP version and status, and the
   * SHA-256 of both bodies.
   */
  static void writeJavaClient(Path dir) throws IOException {
    Files.writeString(dir.resolve("Fetch.java"), String.join("\n",
        "import java.net.URI;",
        "import java.net.http.*;",
        "import java.security.MessageDigest;",
        "import java.util.HexFormat;",
        "public class Fetch {",
        "  static String sha(byte[] b) throws Exception {",
        "    return HexFormat.of().formatHex(MessageDigest.getInstance(\"SHA-256\").digest(b));",
        "  }",
        "  public static void main(String[] args) throws Exception {",
        "    HttpClient client = HttpClient.newHttpClient();",
        "    HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),",
        "        HttpResponse.BodyHandlers.ofByteArray());",
        "    HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(URI.create(args[1]))",
        "        .POST(HttpRequest.BodyPublishers.ofByteArray(big.body())).build(), HttpResponse.BodyHandlers.ofByteArray());",
        "    System.out.println(\"java \" + big.version() + \" \" + big.statusCode() + \" \" + sha(big.body()) + \" \" + sha(echo.body()));",
        "  }",
        "}"));
  }

  /** The SHA-256 of {@code bytes}, in hex as sha256sum prints it. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package dev.htapod.launcher;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.htapod.cli.Invocation;
import dev.htapod.cli.Main;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.LeafCredentials;
import dev.htapod.tls.LeafMinter;
import dev.htapod.tls.LeafSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Runs htapod once over a Java child that fetches a page over HTTP and one over HTTPS from servers
 * on the host's loopback (named through {@code --resolve}, the second checked with {@code
 * --upstream-ca}), and exits with htapod's status. {@code scripts/htapod} runs it under {@code
 * -XX:DumpLoadedClassList} after each build and dumps the listed classes into its archive: without
 * it the archive held only what its first run loaded, and a run's first HTTPS request then loaded
 * ~0.25 s of classes from the jar.
 */
public final class ArchiveTraining {
  static final String HOST = "training.test";
  private static final char[] KEY_PASSWORD = "training".toCharArray();

  private ArchiveTraining() {}

  public static void main(String[] args) throws Exception {
    Main.useNettyDefaults();
    Path dir = Files.createTempDirectory("htapod-training");
    int status;
    try {
      status = train(dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    // System.exit also ends Netty's and the servers' threads, and makes the JVM write the archive.
    System.exit(status);
  }

  private static int train(Path dir) throws IOException, GeneralSecurityException {
    CertificateAuthority ca = CertificateAuthority.generate();
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.toPem());
    LeafCredentials leaf = new LeafMinter(ca).credentialsFor(LeafSpec.forHostName(HOST));
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpServer http = HttpServer.create(loopback, 0);
    HttpsServer https = HttpsServer.create(loopback, 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverContext(leaf)));
    for (HttpServer server : List.of(http, https)) {
      server.createContext("/", page());
      server.start();
    }
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path jar = Path.of(ArchiveTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Main.execute(Invocation.ofThisProcess(), "-o", dir.resolve("report").toString(), "--resolve", HOST + "=127.0.0.1",
          "--upstream-ca", caFile.toString(), "--",
          java.toString(), "-XX:TieredStopAtLevel=1", "-cp", jar.toString(), TrainingClient.class.getName(),
          "http://" + HOST + ":" + http.getAddress().getPort() + "/",
          "https://" + HOST + ":" + https.getAddress().getPort() + "/");
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the jar", e);
    } finally {
      http.stop(0);
      https.stop(0);
    }
  }

  private static HttpHandler page() {
    return exchange -> {
      exchange.sendResponseHeaders(200, TrainingClient.PAGE.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(TrainingClient.PAGE);
      }
    };
  }

  private static SSLContext serverContext(LeafCredentials leaf) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("leaf", leaf.key(), KEY_PASSWORD, leaf.chain());
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, KEY_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}

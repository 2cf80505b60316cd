package dev.htapod.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx from Debian on the host's loopback, one server block per port, serving {@code www} with
 * the certificate of {@link TestPki} for the TLS ones.
 */
final class TestNginx implements AutoCloseable {
  private final Process process;

  /**
   * @param parent where nginx gets a directory of its own
   * @param servers each a server block's body after its {@code listen} port, e.g. "ssl http2;"
   * @param ports the ports, one per server block
   */
  TestNginx(Path parent, TestPki pki, Path www, List<Integer> ports, List<String> servers) throws Exception {
    Path dir = Files.createDirectories(parent.resolve("nginx"));
    List<String> conf = new ArrayList<>(List.of(
        // Started by root, its workers would run as nobody, who cannot read the tests' private
        // directories (and nginx would hand its temporary directories to nobody).
        "daemon off; worker_processes 1; user root; pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + ";",
        "events { worker_connections 256; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir + "; proxy_temp_path " + dir + "; fastcgi_temp_path " + dir + ";",
        "  uwsgi_temp_path " + dir + "; scgi_temp_path " + dir + ";",
        "  ssl_certificate " + pki.dir.resolve("site.pem") + "; ssl_certificate_key " + pki.dir.resolve("site.key") + ";"));
    for (int i = 0; i < ports.size(); i++) {
      conf.add("  server { listen 127.0.0.1:" + ports.get(i) + " " + servers.get(i) + " root " + www + "; }");
    }
    conf.add("}");
    Path file = dir.resolve("nginx.conf");
    Files.write(file, conf);
    process = new ProcessBuilder("nginx", "-c", file.toString(), "-p", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    for (int port : ports) {
      LocalPorts.awaitListening(port, "nginx");
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

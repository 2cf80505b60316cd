package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx from Debian serving HTTPS on the host's loopback, HTTP/2 and HTTP/1.1 only, with a static
 * git repository for dumb-HTTP clones: HTTP versions mirrored through htapod's interception.
 */
class NginxTlsIT {
  @TempDir static Path dir;
  private static TestPki pki;
  private static TestNginx nginx;
  private static int h2Port;
  private static int h1Port;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("hello"), "hello over tls\n");
    makeRepository(www.resolve("repo.git"));
    h2Port = LocalPorts.free();
    h1Port = LocalPorts.free();
    nginx = new TestNginx(dir, pki, www, List.of(h2Port, h1Port), List.of("ssl http2;", "ssl;"));
  }

  @AfterAll
  static void stop() throws Exception {
    nginx.close();
  }

  private static Result run(String... command) throws Exception {
    String[] args = new String[command.length + 5];
    args[0] = "--upstream-ca";
    args[1] = pki.caPem.toString();
    args[2] = "--resolve";
    args[3] = "site.test=127.0.0.1";
    args[4] = "--";
    System.arraycopy(command, 0, args, 5, command.length);
    return HtapodProcess.run(args);
  }

  @Test
  void http2StaysHttp2AndHttp11StaysHttp11() throws Exception {
    Result result = run("sh", "-c",
        "curl -sS --http2 -o /dev/null -w '%{http_version}\\n' https://site.test:" + h2Port + "/hello;"
            + " curl -sS --http2 -o /dev/null -w '%{http_version}\\n' https://site.test:" + h1Port + "/hello");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("2\n1.1\n");
    assertThat(result.stderrLines())
        .anySatisfy(line -> assertThat(line).startsWith("TCP 127.0.0.1:" + h2Port).contains(" h2 decrypted sni=site.test"))
        .anySatisfy(line -> assertThat(line).startsWith("TCP 127.0.0.1:" + h1Port).contains(" http/1.1 decrypted sni=site.test"));
  }

  @Test
  void pythonRequestsAndNodeFetchGetTheBody() throws Exception {
    String url = "https://site.test:" + h2Port + "/hello";
    Result result = run("sh", "-c",
        "/usr/bin/python3 -c \"import requests; print(requests.get('" + url + "').text, end='')\" && "
            + "node -e \"fetch('" + url + "').then(r => r.text()).then(t => process.stdout.write(t))"
            + ".catch(e => { console.error(e.cause || e); process.exit(1); })\"");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("hello over tls\nhello over tls\n");
  }

  @Test
  void gitClonesOverHttps(@TempDir Path work) throws Exception {
    Result result = run("sh", "-c", "cd " + work + " && git clone -q https://site.test:" + h1Port
        + "/repo.git clone && cat clone/README");
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("cloned through htapod\n");
  }

  private static void makeRepository(Path bare) throws Exception {
    Path source = bare.resolveSibling("source");
    Files.createDirectories(source);
    Files.writeString(source.resolve("README"), "cloned through htapod\n");
    git(source, "init", "-q");
    git(source, "add", "README");
    git(source, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
    git(source.getParent(), "clone", "-q", "--bare", source.toString(), bare.toString());
    git(bare, "update-server-info");
  }

  private static void git(Path in, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
    command.addAll(java.util.List.of(args));
    Process git = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
    String output = new String(git.getInputStream().readAllBytes());
    assertThat(git.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npm install} of a small package from a registry-like server (nginx serving the package's
 * document and its tarball over HTTPS, as a registry does) is recorded; with the server stopped,
 * the same install under --replay gets the same bytes, and a package the recording lacks fails
 * the install visibly.
 */
class NpmReplayIT {
  private static final String INDEX_JS = "module.exports = 'tiny ' + 6 * 7;\n";

  @TempDir static Path dir;
  private static Path recording;
  private static Result recorded;
  private static String registry;
  private static String integrity;
  private static int tarballBytes;

  @BeforeAll
  static void recordAnInstallAndStopTheRegistry() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    int port = LocalPorts.free();
    registry = "https://site.test:" + port + "/";
    Path www = Files.createDirectories(dir.resolve("www"));
    byte[] tarball = pack(Files.createDirectories(www.resolve("tarballs")));
    tarballBytes = tarball.length;
    integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
    // The package's document, in the shape a registry answers GET /NAME with.
    Files.writeString(www.resolve("tiny-pkg"), "{\"name\":\"tiny-pkg\",\"dist-tags\":{\"latest\":\"1.0.0\"},"
        + "\"versions\":{\"1.0.0\":{\"name\":\"tiny-pkg\",\"version\":\"1.0.0\",\"main\":\"index.js\","
        + "\"dist\":{\"tarball\":\"" + registry + "tarballs/tiny-pkg-1.0.0.tgz\",\"integrity\":\"" + integrity + "\"}}}}");
    Files.writeString(dir.resolve("install.sh"), String.join("\n",
        "set -e",
        "rm -rf app && mkdir app && cd app",
        "echo '{\"name\": \"app\", \"version\": \"1.0.0\"}' > package.json",
        // npm's own lines hold timings; its log shows what went wrong
        "npm install \"$1\" --registry " + registry + " --cache \"$2\" --no-audit --no-fund --fetch-retries 0 > ../npm.log 2>&1",
        "node -e \"console.log(require('tiny-pkg'))\"",
        "sha256sum node_modules/tiny-pkg/index.js",
        "node -p \"JSON.stringify(require('./package-lock.json').packages['node_modules/tiny-pkg'])\"",
        ""));
    recording = dir.resolve("npm.har");
    TestNginx nginx = new TestNginx(dir, pki, www, List.of(port), List.of("ssl; default_type application/json;"));
    try {
      recorded = htapod(List.of("-q", "--upstream-ca", pki.caPem.toString(), "--resolve", "site.test=127.0.0.1",
          "--record", recording.toString()), "tiny-pkg", "cache-recorded");
    } finally {
      nginx.close();
    }
    assertThat(recorded.status()).as(recorded.stderr() + Files.readString(dir.resolve("npm.log"))).isZero();
  }

  /** {@code npm pack} of a one-file package into {@code tarballs}: the tarball's bytes. */
  private static byte[] pack(Path tarballs) throws Exception {
    Path pkg = Files.createDirectories(dir.resolve("tiny-pkg"));
    Files.writeString(pkg.resolve("package.json"), "{\"name\": \"tiny-pkg\", \"version\": \"1.0.0\", \"main\": \"index.js\"}\n");
    Files.writeString(pkg.resolve("index.js"), INDEX_JS);
    Process npm = npm(new ProcessBuilder("npm", "pack", "--pack-destination", tarballs.toString(), "--cache",
        dir.resolve("cache-pack").toString()).directory(pkg.toFile()).redirectErrorStream(true)).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor()).as(output).isZero();
    return Files.readAllBytes(tarballs.resolve("tiny-pkg-1.0.0.tgz"));
  }

  /** npm without the user's configuration: no ~/.npmrc, no update check. */
  private static ProcessBuilder npm(ProcessBuilder builder) {
    builder.environment().put("npm_config_userconfig", dir.resolve("npmrc").toString());
    builder.environment().put("npm_config_update_notifier", "false");
    return builder;
  }

  private static Result htapod(List<String> options, String pkg, String cache) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--", "sh", "install.sh", pkg, dir.resolve(cache).toString()));
    return HtapodProcess.run(npm(new ProcessBuilder(HtapodProcess.commandLine(args.toArray(String[]::new)))
        .directory(dir.toFile())), "");
  }

  @Test
  void theInstallGotThePackageFromTheRegistry() throws Exception {
    assertThat(recorded.stdout()).isEqualTo(String.join("\n",
        "tiny 42",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(INDEX_JS.getBytes(StandardCharsets.UTF_8)))
            + "  node_modules/tiny-pkg/index.js",
        "{\"version\":\"1.0.0\",\"resolved\":\"" + registry + "tarballs/tiny-pkg-1.0.0.tgz\",\"integrity\":\""
            + integrity + "\"}",
        ""));
  }

  @Test
  void theSameInstallReplaysOfflineWithTheSameBytes() throws Exception {
    Result replayed = htapod(List.of("--replay", recording.toString()), "tiny-pkg", "cache-replayed");
    assertThat(replayed.status()).as(replayed.stderr() + Files.readString(dir.resolve("npm.log"))).isZero();
    assertThat(replayed.stdout()).isEqualTo(recorded.stdout());
    List<String> lines = replayed.stderrLines();
    assertThat(lines).noneMatch(line -> line.startsWith("ERR"));
    assertThat(lines).anyMatch(line -> line.startsWith("<-- 200 GET " + registry + "tarballs/tiny-pkg-1.0.0.tgz "
        + tarballBytes + " B "));
    assertThat(Files.readString(dir.resolve("npm.log"))).contains("added 1 package");
  }

  @Test
  void aPackageTheRecordingLacksFailsTheInstallVisibly() throws Exception {
    Result missed = htapod(List.of("--replay", recording.toString()), "other-pkg", "cache-missed");
    assertThat(missed.status()).as("npm's own failure").isEqualTo(1);
    assertThat(Files.readString(dir.resolve("npm.log"))).contains("502");
    // npm names its process after its command line, which the report's process names keep
    assertThat(missed.stderr().lines()).anyMatch(line -> line.startsWith("ERR " + registry + "other-pkg GET is not"
        + " in the recording (nothing recorded for this method and URL): answered 502 by npm install"));
  }
}

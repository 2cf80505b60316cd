package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, version, usage errors, and the launcher script. */
class CommandLineIT {
  @Test
  void helpListsOptionsAndExitStatuses() throws Exception {
    Result result = HtapodProcess.run("--help");
    assertThat(result.status()).isZero();
    assertThat(result.stdout())
        .startsWith("Usage: htapod ")
        .contains("COMMAND...", "--verbose", "--quiet", "--output=FILE", "--format=text|json",
            "--resolve=HOST=ADDR", "--dns=ADDR[:PORT]", "--map=ADDR[:PORT]=ADDR[:PORT]", "--no-ipv6",
            "Exit status:", "125", "128+N");
  }

  @Test
  void versionNamesTheNativeLibraryStatus() throws Exception {
    Result result = HtapodProcess.run("--version");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).startsWith("htapod ").contains("native library loaded (linux-x86_64)");
  }

  @Test
  void versionIsTheOneMavenWroteInTheManifest() throws Exception {
    String version;
    try (JarFile jar = new JarFile(HtapodProcess.JAR.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    assertThat(version).isNotBlank();
    assertThat(HtapodProcess.run("--version").stdout()).startsWith("htapod " + version + "\n");
  }

  @Test
  void anUnknownOptionIsOneLineAndStatus2() throws Exception {
    Result result = HtapodProcess.run("--no-such-option", "--", "true");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.stderrLines()).containsExactly("htapod: Unknown option: '--no-such-option' (see htapod --help)");
  }

  @Test
  void aMalformedOptionValueIsOneLineAndStatus2() throws Exception {
    Result resolve = HtapodProcess.run("--resolve", "site.test=not-an-address", "--", "true");
    assertThat(resolve.status()).isEqualTo(2);
    assertThat(resolve.stderrLines()).containsExactly("htapod: 'not-an-address' is not an IP address (see htapod --help)");
    Result format = HtapodProcess.run("--format", "xml", "--", "true");
    assertThat(format.status()).isEqualTo(2);
    assertThat(format.stderrLines()).singleElement().asString().contains("'xml' is not a format; use text or json");
    Result map = HtapodProcess.run("--map", "10.0.0.1:99999=127.0.0.1", "--", "true");
    assertThat(map.status()).isEqualTo(2);
    assertThat(map.stderrLines()).singleElement().asString().contains("has no valid port");
  }

  @Test
  void anUnwritableOutputFileIsStatus125(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("missing-dir").resolve("report.txt");
    Result result = HtapodProcess.run("-o", file.toString(), "--", "true");
    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stderrLines()).singleElement().asString()
        .startsWith("htapod: cannot write the report file " + file);
  }

  @Test
  void unusableCaFilesAreStatus125AndTheCommandNeverRuns(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    java.nio.file.Files.writeString(garbage, "not a certificate\n");
    Result missing = HtapodProcess.run("--upstream-ca", dir.resolve("none.pem").toString(), "--", "echo", "ran");
    assertThat(missing.status()).isEqualTo(125);
    assertThat(missing.stdout()).isEmpty();
    assertThat(missing.stderrLines()).containsExactly(
        "htapod: cannot read --upstream-ca " + dir.resolve("none.pem") + ": no such file");
    Result malformed = HtapodProcess.run("--upstream-ca", garbage.toString(), "--", "echo", "ran");
    assertThat(malformed.status()).isEqualTo(125);
    assertThat(malformed.stdout()).isEmpty();
    assertThat(malformed.stderrLines()).singleElement().asString().startsWith("htapod: cannot read --upstream-ca " + garbage);
    Result ca = HtapodProcess.run("--ca-cert", garbage.toString(), "--ca-key", garbage.toString(), "--", "echo", "ran");
    assertThat(ca.status()).isEqualTo(125);
    assertThat(ca.stderrLines()).singleElement().asString().startsWith("htapod: cannot use " + garbage + " as the CA certificate");
    Result half = HtapodProcess.run("--ca-cert", garbage.toString(), "--", "echo", "ran");
    assertThat(half.status()).isEqualTo(2);
    assertThat(half.stderrLines()).containsExactly("htapod: --ca-cert and --ca-key go together (see htapod --help)");
  }

  @Test
  void reportsGoToTheOutputFileAndNotToStderr(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("report.txt");
    Result result = HtapodProcess.run("-o", file.toString(), "--resolve", "a.test=127.0.0.1", "--",
        "getent", "hosts", "a.test");
    assertThat(result.status()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(Result.withoutProcesses(java.nio.file.Files.readString(file))).contains("DNS A a.test -> 127.0.0.1");
  }

  @Test
  void quietPrintsNoReportLines() throws Exception {
    Result result = HtapodProcess.run("-q", "--resolve", "a.test=127.0.0.1", "--", "getent", "hosts", "a.test");
    assertThat(result.status()).isZero();
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void aMissingCommandIsOneLineAndStatus2() throws Exception {
    Result result = HtapodProcess.run();
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.stderrLines()).singleElement().asString().startsWith("htapod: Missing required parameter");
  }

  @Test
  void verboseShowsTheAddressesInside() throws Exception {
    Result result = HtapodProcess.run("-v", "--", "true");
    assertThat(result.status()).isZero();
    assertThat(result.stderr()).contains("tun0 at 10.0.2.100", "gateway 10.0.2.2", "fd00::2");
  }

  @Test
  void theLauncherScriptWorksFromAnyDirectory(@TempDir Path dir) throws Exception {
    Path script = Path.of("scripts", "htapod").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "--", "pwd").directory(dir.toFile());
    Result result = HtapodProcess.run(builder, "");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).isEqualTo(dir.toRealPath() + "\n");
  }
}

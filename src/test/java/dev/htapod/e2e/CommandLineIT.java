package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, version, usage errors, and the launcher script. */
class CommandLineIT {
  @Test
  void helpListsOptionsAndExitStatuses() throws Exception {
    Result result = HtapodProcess.run("--help");
    assertThat(result.status()).isZero();
    assertThat(result.stdout())
        .contains("Usage: htapod [-hvV] [--no-ipv6] COMMAND...", "--no-ipv6", "--verbose",
            "Exit status:", "125", "128+N");
  }

  @Test
  void versionNamesTheNativeLibraryStatus() throws Exception {
    Result result = HtapodProcess.run("--version");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).startsWith("htapod ").contains("native library loaded (linux-x86_64)");
  }

  @Test
  void anUnknownOptionIsOneLineAndStatus2() throws Exception {
    Result result = HtapodProcess.run("--no-such-option", "--", "true");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.stderrLines()).containsExactly("htapod: Unknown option: '--no-such-option' (see htapod --help)");
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

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htapod exits with the command's status, mapped as shells do (SPEC "Exit status"). */
class ExitStatusIT {
  @Test
  void exitsWithTheCommandsStatus() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "exit 3");
    assertThat(result.status()).isEqualTo(3);
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void aCommandKilledBySignalGives128PlusTheSignal() throws Exception {
    assertThat(HtapodProcess.run("--", "sh", "-c", "kill -TERM $$").status()).isEqualTo(143);
    assertThat(HtapodProcess.run("--", "sh", "-c", "kill -KILL $$").status()).isEqualTo(137);
  }

  @Test
  void aMissingProgramGives127AndSaysSo() throws Exception {
    Result byPath = HtapodProcess.run("--", "/nonexistent");
    assertThat(byPath.status()).isEqualTo(127);
    assertThat(byPath.stderrLines()).containsExactly("htapod: /nonexistent: No such file or directory");

    Result byName = HtapodProcess.run("--", "htapod-no-such-command");
    assertThat(byName.status()).isEqualTo(127);
    assertThat(byName.stderrLines()).containsExactly("htapod: htapod-no-such-command: command not found");
  }

  @Test
  void aFileThatIsNotExecutableGives126(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho never\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    Result result = HtapodProcess.run("--", script.toString());
    assertThat(result.status()).isEqualTo(126);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderrLines()).containsExactly("htapod: " + script + ": Permission denied");
  }

  @Test
  void commandOptionsAreNotHtapods() throws Exception {
    // Options end at the command: -v and --help belong to echo here.
    Result result = HtapodProcess.run("echo", "-v", "--help");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).isEqualTo("-v --help\n");
  }
}

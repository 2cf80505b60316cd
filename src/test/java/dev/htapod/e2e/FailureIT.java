package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When htapod cannot do its job: status 125 and one line that says why and what to do. */
class FailureIT {
  private static final Path TUN = Path.of("/dev/net/tun");

  @Test
  void refusedUserNamespacesAreExplained() throws Exception {
    // A user namespace whose limit for nested user namespaces is 0: the refusal is the kernel's.
    List<String> command = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "sh", "-c",
        "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"", "sh"));
    command.addAll(HtapodProcess.commandLine("--", "true"));
    Result result = HtapodProcess.run(new ProcessBuilder(command), "");
    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stderrLines()).singleElement().asString()
        .startsWith("htapod: cannot create a user namespace")
        .contains("kernel.unprivileged_userns_clone", "user.max_user_namespaces",
            "kernel.apparmor_restrict_unprivileged_userns");
  }

  /**
   * Run as a user who cannot open /dev/net/tun from a user namespace, as with the 0600 mode of
   * some fresh machines: scripts/test runs this once with that mode; as root the device is always
   * accessible, so the case is made with a 0600 device node in a private mount namespace.
   */
  @Test
  void anInaccessibleTunDeviceIsExplained(@TempDir Path dir) throws Exception {
    List<String> command;
    if (ownUid() == 0) {
      Path node = dir.resolve("tun");
      run("mknod", "-m", "0600", node.toString(), "c", "10", "200");
      dir.toFile().setExecutable(true, false);
      command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
          "mount --bind \"$0\" /dev/net/tun && exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\"",
          node.toString()));
    } else {
      assumeTrue(!Files.isReadable(TUN) || !Files.isWritable(TUN),
          "/dev/net/tun is accessible to this user: scripts/test runs this case with mode 0600");
      command = new ArrayList<>();
    }
    command.addAll(HtapodProcess.commandLine("--", "true"));
    Result result = HtapodProcess.run(new ProcessBuilder(command).directory(Path.of("/").toFile()), "");
    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stderrLines()).containsExactly(
        "htapod: /dev/net/tun is not accessible from a user namespace (Permission denied):"
            + " it needs mode 0666, as distributions ship it (sudo chmod 0666 /dev/net/tun)");
  }

  private static int ownUid() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    return Integer.parseInt(new String(id.getInputStream().readAllBytes()).trim());
  }

  private static void run(String... command) throws Exception {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(String.join(" ", command)).isZero();
  }
}

package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.htapod.namespace.SandboxSpec.BindMount;
import dev.htapod.namespace.SandboxSpec.OverlayMount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's files in memory, and as the sandbox writes them into its tmpfs. */
class PrivateFilesTest {
  private final PrivateFiles files = new PrivateFiles();

  @Test
  void writesFilesReadableByUsAloneAndTheDirectoriesOnTheirWay(@TempDir Path root) throws Exception {
    files.directory("overlay-0-work");
    files.file("overlay-0/java/cacerts", bytes("STORE"));
    files.file("resolv.conf", bytes("nameserver 10.0.2.2\n"));

    files.writeInto(root);

    assertThat(root.resolve("overlay-0-work")).isEmptyDirectory();
    assertThat(root.resolve("overlay-0/java/cacerts")).hasContent("STORE");
    assertThat(root.resolve("resolv.conf")).hasContent("nameserver 10.0.2.2");
    assertThat(Files.getPosixFilePermissions(root.resolve("resolv.conf")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void namesArePlainRelativePathsThatOverlayOptionsCanCarry() {
    for (String name : List.of("", "/etc/hosts", "../hosts", "a/../b", "a,b", "a:b", "./a")) {
      assertThatThrownBy(() -> files.file(name, bytes("x"))).as(name).isInstanceOf(IllegalArgumentException.class);
    }
    files.file("hosts", bytes("x"));
    assertThatThrownBy(() -> files.file("hosts", bytes("y"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void includesTheFilesAndDirectoriesOfAnotherSetButNoneOfTheSameName(@TempDir Path root) throws Exception {
    PrivateFiles trust = new PrivateFiles();
    trust.directory("overlay-0-work");
    trust.file("overlay-0/abcd1234.0", bytes("CA"));
    files.file("resolv.conf", bytes("nameserver 10.0.2.2\n"));

    files.include(trust);
    files.writeInto(root);

    assertThat(root.resolve("overlay-0-work")).isEmptyDirectory();
    assertThat(root.resolve("overlay-0/abcd1234.0")).hasContent("CA");
    assertThat(root.resolve("resolv.conf")).hasContent("nameserver 10.0.2.2");
    PrivateFiles clash = new PrivateFiles();
    clash.file("resolv.conf", bytes("nameserver 192.0.2.1\n"));
    assertThatThrownBy(() -> files.include(clash)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpecRefusesMountsOfFilesItDoesNotHave() {
    files.file("hosts", bytes("x"));
    files.directory("upper");
    NetworkPlan net = NetworkPlan.standard(false);
    List<String> command = List.of("true");

    new SandboxSpec(command, List.of(), files, List.of(new BindMount("hosts", Path.of("/etc/hosts"))), net);
    assertThatThrownBy(() -> new SandboxSpec(command, List.of(), files,
        List.of(new BindMount("resolv.conf", Path.of("/etc/resolv.conf"))), net))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SandboxSpec(command, List.of(), files,
        List.of(new OverlayMount(Path.of("/etc/ssl/certs"), "upper", "work")), net))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command sees inside: its own ids, devices, routes; our stdio, cwd and environment. */
class NamespaceIT {
  private static String ownId(String flag) throws Exception {
    Process id = new ProcessBuilder("id", flag).start();
    return new String(id.getInputStream().readAllBytes()).trim();
  }

  @Test
  void theCommandRunsAsTheCallerWithOnlyItsIdMapped() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map");
    assertThat(result.status()).isZero();
    String uid = ownId("-u");
    String gid = ownId("-g");
    assertThat(result.stdout().lines().map(line -> line.trim().replaceAll("\\s+", " ")))
        .containsExactly(uid, gid, uid + " " + uid + " 1", gid + " " + gid + " 1");
  }

  @Test
  void loopbackAndTheTunDeviceAreUpAndTheDefaultRoutesGoThroughIt() throws Exception {
    Result result =
        HtapodProcess.run("--", "sh", "-c", "ip -o link; echo ---; ip route; echo ---; ip -6 route");
    assertThat(result.status()).isZero();
    String[] parts = result.stdout().split("---\n");
    assertThat(parts[0].lines())
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).matches("1: lo: <LOOPBACK,UP,LOWER_UP>.*"))
        .anySatisfy(line -> assertThat(line).matches("2: tun0: <POINTOPOINT,.*UP,LOWER_UP> mtu 65520 .*"));
    assertThat(parts[1].lines()).contains("default via 10.0.2.2 dev tun0 ");
    assertThat(parts[2].lines()).anySatisfy(line -> assertThat(line).startsWith("default via fd00::2 dev tun0"));
  }

  @Test
  void noIpv6LeavesIpv6Unconfigured() throws Exception {
    Result result = HtapodProcess.run("--no-ipv6", "--", "sh", "-c", "ip -6 route; ip -4 route");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).doesNotContain("fd00").contains("default via 10.0.2.2 dev tun0");
  }

  /**
   * Two runs' Java programs at once, each PID 2 in its run: each keeps its perf data apart (the
   * JVM warned on stderr that the other's file was locked), and jps inside sees its own.
   */
  @Test
  void javaProgramsOfTwoRunsKeepTheirPerfDataApart(@TempDir Path dir) throws Exception {
    Path waits = Files.writeString(dir.resolve("Waits.java"), String.join("\n",
        "public class Waits {",
        "  public static void main(String[] args) throws Exception {",
        "    System.out.println(\"up\");",
        "    System.in.read();",
        "  }",
        "}"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    HtapodProcess first = HtapodProcess.start("-q", "--", java, waits.toString());
    first.awaitStdout("up");
    Result second = HtapodProcess.run(new ProcessBuilder(HtapodProcess.commandLine("-q", "--", "sh", "-c",
        "echo | " + java + " " + waits + " && " + Path.of(System.getProperty("java.home"), "bin", "jps") + " -q")), "");
    first.closeStdin();
    Result firstResult = first.await();
    assertThat(second.status()).as(second.stderr()).isZero();
    assertThat(second.stderr()).doesNotContain("hsperfdata");
    assertThat(second.stdout().lines()).startsWith("up").hasSize(2); // jps: its own JVM only
    assertThat(firstResult.status()).as(firstResult.stderr()).isZero();
    assertThat(firstResult.stderr()).doesNotContain("hsperfdata");
  }

  @Test
  void theCommandSeesOnlyTheProcessesOfItsRun() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "ls /proc | grep -c '^[0-9]'");
    assertThat(result.status()).isZero();
    // The namespace's init, sh, ls and grep: no process of the host.
    assertThat(Integer.parseInt(result.stdout().trim())).isLessThanOrEqualTo(4);
  }

  @Test
  void stdinIsPassedThrough() throws Exception {
    Result result = HtapodProcess.run(new ProcessBuilder(HtapodProcess.commandLine("--", "cat")), "hi\n");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).isEqualTo("hi\n");
  }

  @Test
  void workingDirectoryAndEnvironmentAreInherited(@TempDir Path dir) throws Exception {
    Path real = dir.toRealPath();
    ProcessBuilder builder =
        HtapodProcess.builder(
            Map.of("HTAPOD_TEST_VALUE", "a b=c ü"), real, "--", "sh", "-c", "pwd; echo \"$HTAPOD_TEST_VALUE\"; ls");
    Files.writeString(real.resolve("marker"), "");
    Result result = HtapodProcess.run(builder, "");
    assertThat(result.status()).isZero();
    assertThat(result.stdout().lines()).containsExactly(real.toString(), "a b=c ü", "marker");
  }

  @Test
  void noFdOfHtapodLeaksIntoTheCommand() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "ls /proc/self/fd");
    assertThat(result.status()).isZero();
    // stdin, stdout, stderr, and the fd ls opened to read the directory.
    assertThat(result.stdout().lines()).containsExactly("0", "1", "2", "3");
  }
}

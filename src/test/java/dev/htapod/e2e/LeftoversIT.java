package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever ends htapod, SIGKILL included, nothing of the run stays: no process, no file (in the
 * temp directory htapod is given, or the JVM's hsperfdata), no mount. htapod runs as users run it,
 * through scripts/htapod, with java.io.tmpdir and TMPDIR naming an empty directory of the test's.
 */
class LeftoversIT {
  private static final Path SCRIPT = Path.of("scripts", "htapod").toAbsolutePath();

  @BeforeAll
  static void recordTheClassDataArchive() throws Exception {
    // The first run after a build records scripts/htapod's archive (~10 s): not while we kill.
    assertThat(HtapodProcess.run(new ProcessBuilder(SCRIPT.toString(), "--", "true"), "").status()).isZero();
  }

  @Test
  void aSigkillWhileTheCommandWorksLeavesNothing(@TempDir Path tmp) throws Exception {
    String marker = "43" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    try (HttpTestServer server = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000)) {
      // The command: its namespaces, how many of htapod's files it sees mounted, then a client
      // fetching a page again and again beside a process named by the marker.
      String command = "readlink /proc/self/ns/pid /proc/self/ns/mnt; grep -c ' - tmpfs htapod ' /proc/self/mountinfo;"
          + " while :; do curl -sS -o /dev/null -w 'fetched %{http_code}\\n' http://10.0.2.2:" + server.port() + "/hello;"
          + " sleep 0.1; done & exec sleep " + marker;
      HtapodProcess htapod = start(tmp, "sh", "-c", command);
      htapod.awaitStdout("fetched 200");
      assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 1)).hasSize(1);
      List<String> lines = htapod.stdoutSoFar().lines().toList();
      String pidNamespace = lines.get(0);
      String mountNamespace = lines.get(1);
      assertThat(pidNamespace).startsWith("pid:[");
      assertThat(mountNamespace).startsWith("mnt:[");
      assertThat(Integer.parseInt(lines.get(2))).as("resolv.conf and hosts, mounted from htapod's tmpfs").isEqualTo(2);
      assertThat(LeftoverProcesses.in(pidNamespace)).as("the init, the command, the client loop").hasSizeGreaterThanOrEqualTo(3);

      kill(htapod);

      try {
        assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 0)).as("the command").isEmpty();
        assertThat(LeftoverProcesses.awaitNoneIn(pidNamespace)).as("the run's processes").isEmpty();
        assertThat(LeftoverProcesses.awaitNoneIn(mountNamespace)).as("what holds the run's mounts").isEmpty();
      } finally {
        endAll(pidNamespace); // a failed run must not leave its processes to the next tests
      }
      assertThat(htapod.await().status()).isEqualTo(137);
      assertNoFilesOrMounts(tmp, htapod.pid());
    }
  }

  @Test
  void aSigkillAsSoonAsTheJvmRunsLeavesNothing(@TempDir Path tmp) throws Exception {
    String marker = "44" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    HtapodProcess htapod = start(tmp, "sleep", marker);
    awaitJava(htapod.pid()); // scripts/htapod exec's the JVM in its own process
    kill(htapod);
    assertThat(htapod.await().status()).isEqualTo(137);
    assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 0)).isEmpty();
    assertNoFilesOrMounts(tmp, htapod.pid());
  }

  /**
   * Killed as soon as the namespace's init exists: it is making the namespaces and its tmpfs, and
   * the command is not running yet (it waits for htapod's word, tens of milliseconds later).
   */
  @Test
  void aSigkillWhileTheNamespaceIsMadeLeavesNothing(@TempDir Path tmp) throws Exception {
    String marker = "45" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    HtapodProcess htapod = start(tmp, "sleep", marker);
    awaitJava(htapod.pid());
    long init = awaitChild(htapod.pid());
    String pidNamespace = LeftoverProcesses.namespaceOf(init, "pid");
    String mountNamespace = LeftoverProcesses.namespaceOf(init, "mnt");
    kill(htapod);
    try {
      assertThat(LeftoverProcesses.awaitNoneIn(pidNamespace)).as("the init and whatever it started").isEmpty();
      assertThat(LeftoverProcesses.awaitNoneIn(mountNamespace)).as("what holds the run's mounts").isEmpty();
    } finally {
      endAll(pidNamespace);
    }
    assertThat(htapod.await().status()).isEqualTo(137);
    assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 0)).isEmpty();
    assertNoFilesOrMounts(tmp, htapod.pid());
  }

  private static HtapodProcess start(Path tmp, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(SCRIPT.toString(), "--"));
    args.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(args);
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().put("HTAPOD_JAVA_OPTIONS", "-ea:dev.htapod... -Djava.io.tmpdir=" + tmp);
    return HtapodProcess.start(builder);
  }

  private static void kill(HtapodProcess htapod) throws Exception {
    assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(htapod.pid())).start().waitFor()).isZero();
  }

  /** The temp directory is as the test made it, the JVM kept no perf data, no mount mentions the run. */
  private static void assertNoFilesOrMounts(Path tmp, long pid) throws IOException {
    assertThat(tmp).as("htapod's java.io.tmpdir and TMPDIR").isEmptyDirectory();
    assertThat(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid))).doesNotExist();
    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .noneMatch(line -> line.contains(" - tmpfs htapod ") || line.contains("upperdir=overlay-")
            || line.contains(tmp.toString()));
  }

  /** Waits until the process runs the JVM (the script has exec'd it). */
  private static void awaitJava(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).getFileName().toString().equals("java")) {
      assertThat(System.nanoTime()).as("scripts/htapod exec's java").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** Waits for the first child of process {@code pid} (of any of its threads); its pid. */
  private static long awaitChild(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    while (true) {
      try (var threads = Files.list(tasks)) {
        for (Path thread : threads.toList()) {
          String children = read(thread.resolve("children")).trim();
          if (!children.isEmpty()) {
            return Long.parseLong(children.split(" ")[0]);
          }
        }
      }
      assertThat(System.nanoTime()).as("htapod spawns the namespace's init").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return ""; // a thread that ended while we looked
    }
  }

  /** SIGKILLs, by pid, whatever is still in the namespace after a failed check. */
  private static void endAll(String pidNamespace) throws Exception {
    for (String process : LeftoverProcesses.in(pidNamespace)) {
      new ProcessBuilder("kill", "-KILL", process.substring(0, process.indexOf(' '))).start().waitFor();
    }
  }
}

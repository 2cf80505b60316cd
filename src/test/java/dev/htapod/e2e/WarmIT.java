package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm path, as scripts/htapod takes it: the launcher (native/launch.c) runs the first run
 * cold and starts a warm htapod process; later runs are handed to it, with the launcher's
 * arguments, environment, working directory and output, while the command stays the launcher's
 * child. Each test has a socket directory, and so a warm process, of its own, ended by its PID.
 */
class WarmIT {
  private static final String WARM = WarmProcess.WARM_LINE;
  private static HttpTestServer http;
  @TempDir Path dir;
  private WarmProcess warm;

  @BeforeAll
  static void startServer() throws Exception {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), 3145728);
  }

  @AfterAll
  static void stopServer() {
    http.close();
  }

  @BeforeEach
  void socketDirectory() throws IOException {
    warm = new WarmProcess(dir);
  }

  @AfterEach
  void endWarmProcess() throws IOException {
    warm.close();
  }

  @Test
  void aRunAfterTheFirstIsWarmAndGivesWhatAColdOneGives() throws Exception {
    String url = "http://10.0.2.2:" + http.port() + "/blob";
    String command = "curl -sS " + url + " | sha256sum | cut -c1-64; exit 7";
    Result cold = run(dir, Map.of(), "-v", "--", "sh", "-c", command);
    long pid = warm.awaitListening();
    assertThat(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow())
        .as("the warm process compiles with C2 too").contains("dev.htapod.launcher.WarmServer")
        .doesNotContain(HtapodProcess.C1_ONLY);
    Result warmRun = run(dir, Map.of(), "-v", "--", "sh", "-c", command);

    assertThat(cold.stderr()).doesNotContain(WARM);
    assertThat(warmRun.stderr()).contains(WARM);
    for (Result result : List.of(cold, warmRun)) {
      assertThat(result.status()).as(result.stderr()).isEqualTo(7);
      assertThat(result.stdout()).isEqualTo(http.blobSha256() + "\n");
      // The handshake waits at most 20 ms for the process's lookup, which a busy machine may not
      // run as soon (README, Which process): not what this test is about.
      assertThat(result.stderrLines())
          .anySatisfy(line -> assertThat(line).matches("<-- 200 GET " + url.replace(".", "\\.")
              + " 3145728 B \\d+ ms"));
    }
  }

  /**
   * Options name files relative to the launcher's directory, and so do the trust variables; the
   * command has its environment.
   */
  @Test
  void aWarmRunHasTheLaunchersDirectoryAndEnvironment() throws Exception {
    warm.start();
    Path work = Files.createDirectory(dir.resolve("work"));
    Files.writeString(work.resolve("bundle.pem"), "MY CA\n");
    Result result = run(work, Map.of("GREETING", "hello from the launcher", "SSL_CERT_FILE", "bundle.pem"), "-v",
        "--har", "run.har", "--", "sh", "-c", "echo \"$GREETING\"; pwd; curl -sS http://10.0.2.2:" + http.port()
            + "/hello; echo \"$SSL_CERT_FILE\"; head -1 bundle.pem; grep -c 'BEGIN CERTIFICATE' bundle.pem");

    assertThat(result.stderr()).contains(WARM);
    assertThat(result.status()).as(result.stderr()).isZero();
    assertThat(result.stdout()).as("a bundle named relatively is the launcher's, with the run's CA added")
        .isEqualTo("hello from the launcher\n" + work + "\nhello\nbundle.pem\nMY CA\n1\n");
    assertThat(Files.readString(work.resolve("run.har"))).contains("/hello");
    assertThat(work.resolve("bundle.pem")).hasContent("MY CA\n");
  }

  /** A second run while one is on is not held up: it runs cold. */
  @Test
  void aRunDuringAnotherRunsCold() throws Exception {
    warm.start();
    HtapodProcess first = HtapodProcess.start(builder(dir, Map.of(), "-v", "--", "sh", "-c", "echo started; read line; echo \"$line\""));
    first.awaitStdout("started");
    Result second = run(dir, Map.of(), "-v", "--", "sh", "-c", "exit 3");
    first.writeStdin("goodbye\n");
    first.closeStdin();
    Result firstResult = first.await();

    assertThat(second.status()).as(second.stderr()).isEqualTo(3);
    assertThat(second.stderr()).doesNotContain(WARM);
    assertThat(firstResult.status()).as(firstResult.stderr()).isZero();
    assertThat(firstResult.stdout()).isEqualTo("started\ngoodbye\n");
    assertThat(firstResult.stderr()).contains(WARM);
  }

  /** SIGTERM to the launcher reaches the command, as it would through a cold htapod. */
  @Test
  void aSignalToTheLauncherReachesTheCommand() throws Exception {
    warm.start();
    HtapodProcess htapod = HtapodProcess.start(builder(dir, Map.of(), "-q", "--", "sh", "-c",
        "trap 'echo terminated; exit 9' TERM; echo ready; while :; do sleep 0.1; done"));
    htapod.awaitStdout("ready");
    ProcessHandle.of(htapod.pid()).orElseThrow().destroy(); // SIGTERM
    Result result = htapod.await();

    assertThat(result.status()).as(result.stderr()).isEqualTo(9);
    assertThat(result.stdout()).isEqualTo("ready\nterminated\n");
  }

  /** The warm process gone during a run: the command is stopped, and the run fails visibly. */
  @Test
  void whenTheWarmProcessDiesTheCommandIsStopped() throws Exception {
    long pid = warm.start();
    HtapodProcess htapod = HtapodProcess.start(builder(dir, Map.of(), "-q", "--", "sh", "-c",
        "echo ready; sleep 60"));
    htapod.awaitStdout("ready");
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    Result result = htapod.await();

    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stderr()).contains("htapod: the warm htapod process ended during the run; the command was stopped");
  }

  /**
   * A launcher in namespaces of its own (here under {@code unshare -rn}) is not served by the
   * warm process of others, which would relay in its own network: its run is cold.
   */
  @Test
  void aLauncherInAnotherNetworkNamespaceRunsCold() throws Exception {
    long pid = warm.start();
    List<String> command = new ArrayList<>(List.of("unshare", "--map-root-user", "--net"));
    command.addAll(warm.commandLine("-v", "--", "sh", "-c", "exit 5"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("HTAPOD_WARM");
    Result result = HtapodProcess.run(builder, "");

    assertThat(result.status()).as(result.stderr()).isEqualTo(5);
    assertThat(result.stderr()).doesNotContain(WARM);
    assertThat(ProcessHandle.of(pid)).as("the first warm process, still there").isPresent();
  }

  /** Ended by its user (as the README says, by the PID in its lock file), it leaves no file behind. */
  @Test
  void aWarmProcessEndedLeavesNothingInTheSocketDirectory() throws Exception {
    ProcessHandle process = ProcessHandle.of(warm.start()).orElseThrow();
    process.destroy();
    process.onExit().get(30, TimeUnit.SECONDS);

    assertThat(warm.untouched()).isTrue();
    Result cold = run(dir, Map.of(), "-v", "--", "sh", "-c", "exit 6");
    assertThat(cold.status()).as(cold.stderr()).isEqualTo(6);
    assertThat(cold.stderr()).doesNotContain(WARM);
    warm.awaitListening(); // and the next warm process takes the name
  }

  /** HTAPOD_WARM=0: every run cold, and no warm process started. */
  @Test
  void htapodWarmZeroRunsColdAndStartsNothing() throws Exception {
    Result result = run(dir, Map.of("HTAPOD_WARM", "0"), "--", "sh", "-c", "exit 4");
    assertThat(result.status()).isEqualTo(4);
    assertThat(warm.untouched()).isTrue();
  }

  /** A socket directory that others may enter is not used: cold, and no warm process. */
  @Test
  void aDirectoryOthersMayEnterIsNotUsed() throws Exception {
    Files.setPosixFilePermissions(warm.sockets(), PosixFilePermissions.fromString("rwxr-xr-x"));
    run(dir, Map.of(), "-q", "--", "true");
    Result second = run(dir, Map.of(), "-v", "--", "true");
    assertThat(second.status()).isZero();
    assertThat(second.stderr()).doesNotContain(WARM);
    assertThat(warm.untouched()).isTrue();
  }

  private Result run(Path workingDirectory, Map<String, String> env, String... args) throws Exception {
    return HtapodProcess.run(builder(workingDirectory, env, args), "");
  }

  private ProcessBuilder builder(Path workingDirectory, Map<String, String> env, String... args) {
    ProcessBuilder builder = new ProcessBuilder(warm.commandLine(args))
        .directory(workingDirectory.toFile());
    builder.environment().remove("HTAPOD_WARM"); // scripts/test sets it to 0 for the other tests
    builder.environment().putAll(env);
    return builder;
  }
}

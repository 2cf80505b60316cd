package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interactive use at a real terminal: tmux runs htapod with bash, we type into it. */
class TerminalIT {
  private final String socket = "htapod-it-" + ThreadLocalRandom.current().nextInt(1_000_000);
  @TempDir Path dir;

  /**
   * Runs htapod with {@code args} in a new tmux pane; its exit status lands in the file
   * "status". The pane's shell is bash, which does not die of the Ctrl-C that htapod survives.
   */
  private void startTmux(String... args) throws Exception {
    startTmux(HtapodProcess.commandLine(args));
  }

  private void startTmux(List<String> htapod) throws Exception {
    String shell =
        "PS1='tap$ ' " + String.join(" ", htapod.stream().map(TerminalIT::quote).toList())
            + "; echo \"exit=$?\" > " + quote(dir.resolve("status").toString()) + "; sleep 60";
    tmux("new-session", "-d", "-x", "120", "-y", "40", "bash", "--norc", "-c", shell);
  }

  @AfterEach
  void stopTmux() throws Exception {
    new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor();
  }

  @Test
  void bashAtATerminalTakesCtrlCAndExitsWithItsStatus() throws Exception {
    startTmux("--", "bash", "--norc", "--noprofile", "-i");
    awaitScreen(screen -> screen.lines().anyMatch(line -> line.startsWith("tap$")));
    tmux("send-keys", "echo o''k", "Enter");
    awaitScreen(screen -> screen.lines().anyMatch("ok"::equals));

    tmux("send-keys", "sh -c 'echo sleep''ing; exec sleep 100'", "Enter");
    // Said by the job itself, which bash gives the terminal before it runs: Ctrl-C reaches it.
    awaitScreen(screen -> screen.lines().anyMatch("sleeping"::equals));
    tmux("send-keys", "C-c");
    // Ctrl-C reaches sleep: it dies of SIGINT (status 130) and the shell goes on.
    tmux("send-keys", "echo after-sleep-$?", "Enter");
    awaitScreen(screen -> screen.lines().anyMatch("after-sleep-130"::equals));
    tmux("send-keys", "echo still-$((40+2))", "Enter");
    awaitScreen(screen -> screen.lines().anyMatch("still-42"::equals));

    tmux("send-keys", "exit 5", "Enter");
    assertThat(awaitStatus()).isEqualTo("exit=5");
  }

  /**
   * The same through a warm htapod process: the launcher clones the namespaces itself, so bash
   * has the launcher's terminal, and Ctrl-C reaches sleep alone.
   */
  @Test
  void aWarmRunKeepsTheTerminalAndItsCtrlC() throws Exception {
    try (WarmProcess warm = new WarmProcess(dir)) {
      warm.start();
      List<String> launcher = new ArrayList<>(List.of("env", "-u", "HTAPOD_WARM")); // scripts/test sets it to 0
      launcher.addAll(warm.commandLine("-v", "--", "bash", "--norc", "--noprofile", "-i"));
      startTmux(launcher);
      awaitScreen(screen -> screen.contains(WarmProcess.WARM_LINE) && screen.lines().anyMatch(line -> line.startsWith("tap$")));
      tmux("send-keys", "sh -c 'echo sleep''ing; exec sleep 100'", "Enter");
      awaitScreen(screen -> screen.lines().anyMatch("sleeping"::equals));
      tmux("send-keys", "C-c");
      tmux("send-keys", "echo after-sleep-$?", "Enter");
      awaitScreen(screen -> screen.lines().anyMatch("after-sleep-130"::equals));
      tmux("send-keys", "exit 5", "Enter");
      assertThat(awaitStatus()).isEqualTo("exit=5");
    }
  }

  @Test
  void ctrlCReachesACommandInHtapodsProcessGroupOnce() throws Exception {
    String counter =
        "import signal, time\n"
            + "count = 0\n"
            + "def interrupted(sig, frame):\n"
            + "    global count\n"
            + "    count += 1\n"
            + "signal.signal(signal.SIGINT, interrupted)\n"
            + "print('ready', flush=True)\n"
            + "time.sleep(2)\n"
            + "time.sleep(0.5)\n"
            + "print('interrupts', count, flush=True)\n";
    startTmux("--", "python3", "-c", counter);
    awaitScreen(screen -> screen.lines().anyMatch("ready"::equals));
    tmux("send-keys", "C-c");
    awaitScreen(screen -> screen.contains("interrupts"));
    // The terminal echoes ^C on the same line.
    assertThat(capture().lines().filter(line -> line.contains("interrupts")))
        .singleElement().asString().endsWith("interrupts 1");
    assertThat(awaitStatus()).isEqualTo("exit=0");
  }

  private String awaitStatus() throws Exception {
    Path status = dir.resolve("status");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(status) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return Files.readString(status).trim();
  }

  private void awaitScreen(Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    String screen = capture();
    while (!condition.test(screen)) {
      assertThat(System.nanoTime()).as("screen never matched; last screen:%n%s", screen).isLessThan(deadline);
      Thread.sleep(50);
      screen = capture();
    }
  }

  private String capture() throws Exception {
    Process p = new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p").start();
    String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return screen;
  }

  private void tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("tmux %s: %s", String.join(" ", args), output).isZero();
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}

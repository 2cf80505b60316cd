package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Signals sent to htapod reach the command; nothing of the run outlives htapod. */
class SignalIT {
  @Test
  void sigtermReachesTheCommandAndItsStatusIsHtapods() throws Exception {
    HtapodProcess htapod =
        HtapodProcess.start(
            "--", "sh", "-c", "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
    htapod.awaitStdout("ready");
    new ProcessBuilder("kill", "-TERM", Long.toString(htapod.pid())).start().waitFor();
    Result result = htapod.await();
    assertThat(result.stdout()).isEqualTo("ready\ngot TERM\n");
    assertThat(result.status()).isEqualTo(7);
  }

  @Test
  void eachForwardedSignalArrivesOnce() throws Exception {
    HtapodProcess htapod =
        HtapodProcess.start(
            "--", "sh", "-c",
            "n=0; trap 'n=$((n+1)); echo HUP $n' HUP; trap 'echo INT; exit 0' INT; echo ready;"
                + " while :; do sleep 0.05; done");
    htapod.awaitStdout("ready");
    kill("HUP", htapod.pid());
    htapod.awaitStdout("HUP 1");
    kill("HUP", htapod.pid());
    htapod.awaitStdout("HUP 2");
    kill("INT", htapod.pid());
    Result result = htapod.await();
    assertThat(result.stdout()).isEqualTo("ready\nHUP 1\nHUP 2\nINT\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void backgroundChildrenDoNotOutliveTheRun() throws Exception {
    String marker = "31" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    Result result =
        HtapodProcess.run(
            "--", "sh", "-c", "setsid sleep " + marker + " </dev/null >/dev/null 2>&1 & (sleep " + marker
                + " & ) ; echo started");
    assertThat(result.status()).isZero();
    assertThat(result.stdout()).isEqualTo("started\n");
    // The kernel ends the namespace's processes when its init exits; give it a moment to reap.
    assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 0)).isEmpty();
  }

  @Test
  void killingHtapodEndsTheCommand() throws Exception {
    String marker = "32" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    HtapodProcess htapod =
        HtapodProcess.start("--", "sh", "-c", "echo ready; exec sleep " + marker);
    htapod.awaitStdout("ready");
    assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 1)).hasSize(1);
    kill("KILL", htapod.pid());
    assertThat(htapod.await().status()).isEqualTo(137);
    assertThat(LeftoverProcesses.awaitCount("sleep " + marker, 0)).isEmpty();
  }

  private static void kill(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
  }
}

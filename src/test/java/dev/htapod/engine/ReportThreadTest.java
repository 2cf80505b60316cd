package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportThreadTest {
  private final ReportThread reports = new ReportThread();

  @AfterEach
  void close() {
    reports.close();
  }

  @Test
  void runsWorkInTheOrderItWasPostedAndAllOfItBeforeClosing() {
    List<Integer> done = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int n = i;
      if (i % 3 == 0) {
        reports.post(() -> done.add(n));
      } else {
        reports.postLazily(() -> done.add(n), 10);
      }
    }
    reports.close();
    assertThat(done).hasSize(1000).isSorted();
  }

  @Test
  void workSeesTheTimeItWasPostedNotTheTimeItRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reports.post(() -> await(release));
    long before = System.nanoTime();
    long[] seen = new long[2];
    reports.post(() -> {
      seen[0] = reports.nanoTime();
      seen[1] = reports.instant().toEpochMilli();
    });
    long after = System.nanoTime();
    long wall = System.currentTimeMillis();
    Thread.sleep(200);
    release.countDown();
    reports.close();
    assertThat(seen[0]).isBetween(before, after);
    assertThat(seen[1]).isBetween(wall - 50, wall + 50);
  }

  @Test
  void aPosterWaitsWhileTooManyBytesWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reports.post(() -> await(release));
    reports.postLazily(() -> {}, (int) (ReportThread.MAX_BYTES / 2));
    Thread poster = new Thread(() -> reports.postLazily(() -> {}, (int) (ReportThread.MAX_BYTES / 2 + 1)));
    poster.start();
    poster.join(300);
    assertThat(poster.isAlive()).as("the poster waits for room").isTrue();
    release.countDown();
    poster.join(5000);
    assertThat(poster.isAlive()).as("room was made").isFalse();
  }

  @Test
  void anEventTheCommandWillReactToIsHandledBeforeThePosterGoesOn() {
    List<String> done = new CopyOnWriteArrayList<>();
    reports.postLazily(() -> done.add("bytes"), 100);
    reports.postAndWait(() -> done.add("refused"));
    assertThat(done).containsExactly("bytes", "refused");
  }

  @Test
  void workThatFailsDoesNotStopWhatFollows() {
    List<String> done = new CopyOnWriteArrayList<>();
    reports.post(() -> {
      throw new IllegalStateException("a broken listener");
    });
    reports.post(() -> {
      throw new AssertionError("a listener's assertion");
    });
    reports.post(() -> done.add("after"));
    reports.close();
    assertThat(done).containsExactly("after");
  }

  @Test
  void aReportThatWaitsForAnotherRunsItAtOnce() {
    List<String> done = new CopyOnWriteArrayList<>();
    reports.postAndWait(() -> reports.postAndWait(() -> done.add("inner")));
    assertThat(done).containsExactly("inner");
  }

  @Test
  void closingWaitsForEveryReportEvenWhenInterrupted() {
    List<Integer> done = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    reports.post(() -> await(release));
    reports.post(() -> done.add(1));
    new Thread(() -> {
      sleep(200);
      release.countDown();
    }).start();
    Thread.currentThread().interrupt();
    reports.close();
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(done).containsExactly(1);
  }

  @Test
  void eventsAfterClosingAreDropped() {
    List<String> done = new CopyOnWriteArrayList<>();
    reports.close();
    reports.post(() -> done.add("late"));
    reports.postAndWait(() -> done.add("late too"));
    assertThat(done).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

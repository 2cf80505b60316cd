package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoHandlerContext;
import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

class SpinBeforeSleepTest {
  private static final long MICROS = 1000;

  /** A clock that moves a microsecond at each reading and each pause, and an event due at a time. */
  private long now = 1;
  private long eventAt = Long.MAX_VALUE;
  private int polls;
  /** When a task is handed to the loop from another thread. */
  private long taskAt = Long.MAX_VALUE;
  private final SpinBeforeSleep spin = new SpinBeforeSleep(() -> now += MICROS, () -> now += MICROS);

  private final IoHandlerContext loop = new IoHandlerContext() {
    @Override
    public boolean canBlock() {
      return now < taskAt;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return Long.MAX_VALUE;
    }

    @Override
    public long deadlineNanos() {
      return -1;
    }
  };

  private int next(boolean hasTasks) throws Exception {
    spin.serve(loop);
    return spin.calculateStrategy(() -> {
      polls++;
      return now >= eventAt ? 1 : 0;
    }, hasTasks);
  }

  /** One turn of the loop when the next event comes {@code gap} after it ran out of work. */
  private int turn(long gap) throws Exception {
    eventAt = now + gap;
    int strategy = next(false);
    if (strategy == SelectStrategy.SELECT) {
      now = Math.max(now, eventAt); // asleep until the event wakes it
    }
    return strategy;
  }

  @Test
  void aFreshLoopSleepsWithoutPolling() throws Exception {
    assertThat(next(false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls).isZero();
  }

  @Test
  void quickBackAndForthGrowsTheWindowUntilAPollCatchesTheNextEvent() throws Exception {
    int sleeps = 0;
    while (turn(60 * MICROS) == SelectStrategy.SELECT) {
      sleeps++;
    }
    // 10, 20, 40 µs polls miss an event 60 µs away; the 80 µs one catches it.
    assertThat(sleeps).isEqualTo(4);
    assertThat(spin.window()).isEqualTo(80 * MICROS);
    for (int i = 0; i < 100; i++) {
      assertThat(turn(60 * MICROS)).isEqualTo(1);
    }
  }

  @Test
  void theWindowStopsAtItsMost() throws Exception {
    for (int i = 0; i < 20; i++) {
      turn(SpinBeforeSleep.MOST_NANOS - 20 * MICROS);
    }
    assertThat(spin.window()).isEqualTo(SpinBeforeSleep.MOST_NANOS);
  }

  @Test
  void slowPacedTrafficEndsThePolling() throws Exception {
    for (int i = 0; i < 20; i++) {
      turn(50 * MICROS);
    }
    assertThat(spin.window()).isPositive();
    for (int i = 0; i < 8; i++) {
      assertThat(turn(1000 * MICROS)).isEqualTo(SelectStrategy.SELECT);
    }
    assertThat(spin.window()).isZero();
    int before = polls;
    turn(1000 * MICROS);
    assertThat(polls).isEqualTo(before);
  }

  @Test
  void aPollThatCatchesNothingLastsNoLongerThanTheWindow() throws Exception {
    for (int i = 0; i < 20; i++) {
      turn(SpinBeforeSleep.MOST_NANOS - 20 * MICROS);
    }
    eventAt = Long.MAX_VALUE;
    long start = now;
    assertThat(next(false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(now - start).isLessThanOrEqualTo(SpinBeforeSleep.MOST_NANOS + 2 * MICROS);
  }

  @Test
  void aTaskHandedOverDuringAPollEndsIt() throws Exception {
    for (int i = 0; i < 20; i++) {
      turn(SpinBeforeSleep.MOST_NANOS - 20 * MICROS);
    }
    eventAt = Long.MAX_VALUE;
    taskAt = now + 30 * MICROS;
    assertThat(next(false)).isZero();
    assertThat(now - taskAt).isLessThanOrEqualTo(3 * MICROS);
  }

  @Test
  void pendingTasksAreNeverKeptWaiting() throws Exception {
    for (int i = 0; i < 20; i++) {
      turn(50 * MICROS);
    }
    eventAt = Long.MAX_VALUE;
    int before = polls;
    assertThat(next(true)).isZero();
    assertThat(polls).isEqualTo(before + 1);
  }
}

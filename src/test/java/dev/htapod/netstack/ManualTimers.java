package dev.htapod.netstack;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** The stack's clock for tests: time moves only when a test advances it, running what falls due. */
public final class ManualTimers implements Timers {
  private record Task(long due, long order, Runnable run) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::order));
  /** Not zero, so that no deadline the stack computes can be mistaken for "none". */
  private long now = Duration.ofHours(1).toNanos();
  private long scheduled;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    Task scheduledTask = new Task(now + delayNanos, scheduled++, task);
    tasks.add(scheduledTask);
    return () -> tasks.remove(scheduledTask);
  }

  /** Moves the clock on by {@code step}, running each task at its own due time, in order. */
  public void advance(Duration step) {
    long target = now + step.toNanos();
    while (!tasks.isEmpty() && tasks.peek().due() <= target) {
      Task task = tasks.poll();
      now = Math.max(now, task.due());
      task.run().run();
    }
    now = target;
  }

  /** Tasks scheduled and not yet run or cancelled. */
  public int pending() {
    return tasks.size();
  }

  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }
}

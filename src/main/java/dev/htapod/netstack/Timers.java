package dev.htapod.netstack;

/** Time for the stack: the event loop's in production, a fake clock in tests. */
public interface Timers {
  long nanoTime();

  /** Runs {@code task} on the stack's thread after {@code delayNanos}. */
  void schedule(Runnable task, long delayNanos);

  /**
   * Whether the caller runs on the stack's thread, which alone may touch the stack: for
   * assertions at its entry points.
   */
  default boolean onStackThread() {
    return true;
  }
}

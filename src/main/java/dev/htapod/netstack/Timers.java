package dev.htapod.netstack;

/** Time for the stack: the event loop's in production, a fake clock in tests. */
public interface Timers {
  long nanoTime();

  /**
   * Runs {@code task} on the stack's thread after {@code delayNanos}; what it returns cancels it,
   * on the stack's thread, letting go of all the task holds at once.
   */
  Scheduled schedule(Runnable task, long delayNanos);

  /** A task scheduled and not yet run. */
  @FunctionalInterface
  interface Scheduled {
    /** The task will not run (a no-op once it ran). */
    void cancel();
  }

  /**
   * Whether the caller runs on the stack's thread, which alone may touch the stack: for
   * assertions at its entry points.
   */
  default boolean onStackThread() {
    return true;
  }
}

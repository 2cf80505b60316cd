package dev.htapod.engine;

/** Waiting for the run's own threads. */
final class Threads {
  private Threads() {}

  /**
   * Waits until {@code thread} has ended, even when the caller is interrupted (the interrupt is
   * kept): what is closed after it must not be closed under it.
   */
  static void join(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

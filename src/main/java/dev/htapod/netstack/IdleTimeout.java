package dev.htapod.netstack;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Ends flows after a time without traffic. Each flow is checked when its timeout could first have
 * passed, then again that long after the last activity seen, so a busy flow costs one timer per
 * timeout rather than one per packet.
 */
public final class IdleTimeout {
  private final Timers timers;
  private final long idleNanos;

  public IdleTimeout(Timers timers, long idleNanos) {
    this.timers = timers;
    this.idleNanos = idleNanos;
  }

  /**
   * Watches one flow from now on.
   *
   * @param lastActivity when the flow last carried something, in {@link Timers#nanoTime} terms
   * @param closed whether the flow has ended anyway, when watching stops
   * @param close ends the flow
   */
  public void watch(LongSupplier lastActivity, BooleanSupplier closed, Runnable close) {
    check(lastActivity, closed, close, idleNanos);
  }

  private void check(LongSupplier lastActivity, BooleanSupplier closed, Runnable close, long delay) {
    timers.schedule(() -> {
      if (closed.getAsBoolean()) {
        return;
      }
      long idle = timers.nanoTime() - lastActivity.getAsLong();
      if (idle >= idleNanos) {
        close.run();
      } else {
        check(lastActivity, closed, close, idleNanos - idle);
      }
    }, delay);
  }
}

package dev.htapod.netstack.tcp;

import dev.htapod.netstack.Timers;
import java.util.concurrent.TimeUnit;

/**
 * A connection's retransmission (and persist) timer, after RFC 6298 5: it runs while anything is
 * unacknowledged, started by the first send and restarted only when new data is acknowledged or
 * on a timeout, so a stream of segments from the command never postpones a retransmission. The
 * timeout starts at 200 ms and doubles with each expiry, up to 60 s, until new data is
 * acknowledged; the count of expiries the command left unanswered, by which a connection is given
 * up, also ends when it answers a window probe (RFC 9293 3.8.6.1). One task is scheduled at a
 * time: a deadline moved later keeps it (it reschedules itself when it fires early); one moved
 * earlier replaces it. Stopped, the timer cancels its task: a task left to fire would hold the
 * closed connection, its relay and outward channel for another 200 ms, long enough at thousands of
 * connections a second for every one of them to be copied by a young collection.
 */
final class RetransmissionTimer {
  private static final long INITIAL_RTO = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long MAX_RTO = TimeUnit.SECONDS.toNanos(60);

  private final Timers timers;
  private final Runnable expired;
  private long deadline;
  /** The task scheduled, or null. */
  private Timers.Scheduled task;
  private long scheduledFor;
  /** Expiries since new data was acknowledged: each doubles the timeout. */
  private int backoff;
  /** Expiries since the command last answered. */
  private int unanswered;

  /** {@code expired} runs on the stack's thread each time the deadline passes. */
  RetransmissionTimer(Timers timers, Runnable expired) {
    this.timers = timers;
    this.expired = expired;
  }

  /**
   * Runs the timer while {@code needed}; {@code restart} sets a new deadline even when it is
   * already running (new data acknowledged, or a retransmission just sent).
   */
  void arm(boolean needed, boolean restart) {
    if (!needed) {
      deadline = 0;
      return;
    }
    if (deadline != 0 && !restart) {
      return;
    }
    long rto = Math.min(MAX_RTO, INITIAL_RTO << Math.min(backoff, 20));
    deadline = timers.nanoTime() + rto;
    if (task == null || deadline < scheduledFor) {
      schedule(rto);
    }
  }

  /** New data was acknowledged: the next timeout is the initial one again. */
  void resetBackoff() {
    backoff = 0;
    unanswered = 0;
  }

  /** The command answered a probe: it is there, though the wait for its window goes on doubling. */
  void answered() {
    unanswered = 0;
  }

  /** Expiries since the command last answered. */
  int unanswered() {
    return unanswered;
  }

  void stop() {
    deadline = 0;
    cancel();
  }

  private void schedule(long delay) {
    cancel();
    scheduledFor = timers.nanoTime() + delay;
    task = timers.schedule(this::fire, delay);
  }

  private void cancel() {
    if (task != null) {
      task.cancel();
      task = null;
    }
  }

  private void fire() {
    task = null;
    if (deadline == 0) {
      return;
    }
    long now = timers.nanoTime();
    if (now < deadline) {
      schedule(deadline - now);
      return;
    }
    backoff++;
    unanswered++;
    expired.run();
  }
}

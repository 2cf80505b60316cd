package dev.htapod.engine;

import io.netty.channel.IoHandlerContext;
import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The loop polls epoll for a moment before it sleeps in it, for as long as traffic goes back and
 * forth quickly enough for the poll to catch the next event.
 *
 * <p>Why: on the VMs measured, a thread asleep takes tens of microseconds to wake, and a keep-alive
 * round trip through htapod wakes the loop twice (the command's request from the TUN device, the
 * server's answer) where the direct path wakes no one but the two ends. Polling up to 200 µs
 * took {@code wrk -c 1}'s median from 118-191 to 75-109 µs (3 rounds against the same build
 * without it, BENCHMARKS.md).
 *
 * <p>The window adapts as KVM's halt polling does: a wait shorter than {@link #MOST_NANOS}
 * (counted from the start of the poll) doubles it, from {@link #FIRST_NANOS}; a longer one halves
 * it, down to none. A command that is idle or slow-paced so costs nothing, and one busy
 * back-and-forth costs at most a core while it lasts. Between polls the loop yields the CPU,
 * so the command or a server runnable on the same CPU goes first, and looks for tasks: one handed
 * to it from another thread (a process lookup's answer, the bulk loop's events) ends the poll,
 * since Netty skips the wake-up that would end an epoll_wait while the loop is awake.
 *
 * <p>Owned by its loop's thread: Netty calls {@link #calculateStrategy} only from within {@link
 * StaleEventFilter#run}, which asserts that thread.
 */
final class SpinBeforeSleep implements SelectStrategy {
  static final long MOST_NANOS = 200_000;
  static final long FIRST_NANOS = 10_000;

  private final LongSupplier clock;
  private final Runnable pause;
  /** The loop's, asked whether it has tasks to run; set before each turn. */
  private IoHandlerContext loop;
  /** How long the next poll may last; 0 for none. */
  private long window;
  /** Whether the last poll caught nothing, so the loop slept, since {@link #idleSince}. */
  private boolean slept;
  private long idleSince;

  SpinBeforeSleep() {
    this(System::nanoTime, Thread::yield);
  }

  SpinBeforeSleep(LongSupplier clock, Runnable pause) {
    this.clock = clock;
    this.pause = pause;
  }

  /** The loop this strategy serves, whose tasks end a poll; its handler calls this each turn. */
  void serve(IoHandlerContext loop) {
    this.loop = loop;
  }

  @Override
  public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
    long now = clock.getAsLong();
    if (slept) {
      adapt(now - idleSince);
      slept = false;
    }
    if (hasTasks) {
      return selectNow.get();
    }
    long end = now + window;
    while (clock.getAsLong() < end) {
      int ready = selectNow.get();
      if (ready > 0 || !loop.canBlock()) {
        return ready;
      }
      pause.run();
    }
    slept = true;
    idleSince = now;
    return SelectStrategy.SELECT;
  }

  /** How long the next poll may last. */
  long window() {
    return window;
  }

  /** After a poll that caught nothing and the sleep that followed, {@code waited} in all. */
  private void adapt(long waited) {
    if (waited < MOST_NANOS) {
      window = Math.min(MOST_NANOS, Math.max(FIRST_NANOS, window * 2));
    } else {
      window = window / 2 < FIRST_NANOS ? 0 : window / 2;
    }
  }
}

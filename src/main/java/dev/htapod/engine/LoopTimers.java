package dev.htapod.engine;

import dev.htapod.netstack.Timers;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The stack's time: System.nanoTime, and tasks scheduled on its event loop. */
final class LoopTimers implements Timers {
  private final EventLoop loop;

  LoopTimers(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public boolean onStackThread() {
    return loop.inEventLoop();
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    // On the loop, Netty's cancel takes the task out of the queue at once.
    ScheduledFuture<?> future = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}

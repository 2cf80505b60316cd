package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds back the command's SYN-ACK until the process behind the connection is known, for at most
 * {@link #LIMIT}. The command waits in connect() meanwhile, so the lookup finds it alive: a quick
 * command (a {@code curl} of a small page) otherwise finished, and its socket was gone, before the
 * lookup came to it, and 7-24 of 100 such curls in a row were reported "by unknown". A lookup
 * costs ~0.1 ms, but its thread may not get a core at once on a busy machine; the limit bounds
 * what a connection is made to wait for it, and beyond it the lookup goes on for the report alone.
 *
 * <p>Threads: made and run on the stack's loop, which alone reads and writes {@link #done}.
 */
final class OwnerWait implements Runnable {
  static final Duration LIMIT = Duration.ofMillis(20);

  private final EventLoop loop;
  private final Runnable then;
  private boolean done;

  private OwnerWait(EventLoop loop, Runnable then) {
    this.loop = loop;
    this.then = then;
  }

  /** Runs {@code then} on {@code loop} once {@code owner} is done, or after {@link #LIMIT}. */
  static void then(CompletableFuture<ProcessInfo> owner, EventLoop loop, Runnable then) {
    assert loop.inEventLoop();
    if (owner.isDone()) {
      then.run(); // no lookups (-q), or a quick one
      return;
    }
    OwnerWait wait = new OwnerWait(loop, then);
    ScheduledFuture<?> limit = loop.schedule(wait, LIMIT.toNanos(), TimeUnit.NANOSECONDS);
    owner.whenCompleteAsync((process, never) -> {
      limit.cancel(false);
      wait.run();
    }, loop);
  }

  @Override
  public void run() {
    assert loop.inEventLoop();
    if (!done) {
      done = true;
      then.run();
    }
  }
}

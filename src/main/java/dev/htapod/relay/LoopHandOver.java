package dev.htapod.relay;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;

/**
 * Moves one relayed connection's outward channel from the stack's loop to the bulk loop, and
 * brings the channel's events from there back to the stack's loop, in order, where all of the
 * connection's state is. (Netty 4.2 deprecates handlers bound to another executor; they are gone
 * after it.)
 */
final class LoopHandOver {
  private final EventLoop stack;
  private final EventLoop bulk;
  private boolean moved;

  LoopHandOver(RelayLoops loops) {
    this.stack = loops.stack();
    this.bulk = loops.bulk();
  }

  boolean moved() {
    return moved;
  }

  /**
   * Moves {@code channel} to the bulk loop; then {@code there} runs on the stack's loop once the
   * channel is registered there, or {@code lost} if it could not be (Netty then closes it
   * without telling its handlers).
   */
  void move(Channel channel, Runnable there, Runnable lost) {
    assert stack.inEventLoop() && channel.eventLoop() == stack && !moved;
    if (bulk.isShuttingDown()) {
      return; // the run is ending: Netty would drop the registration's listener, and tell no one
    }
    moved = true;
    channel.deregister().addListener(left -> OnLoop.whenDone(bulk.register(channel), stack,
        joined -> (joined.isSuccess() ? there : lost).run()));
  }

  /**
   * Whether this event came on the bulk loop: it is then passed to the stack's loop. Once the run
   * has ended there is no one left to tell, and {@code message}, if any, is released.
   */
  boolean passed(Runnable event, Object message) {
    assert stack.inEventLoop() || bulk.inEventLoop();
    if (stack.inEventLoop()) {
      return false;
    }
    try {
      stack.execute(event);
    } catch (RejectedExecutionException ended) {
      ReferenceCountUtil.release(message);
    }
    return true;
  }

  boolean passed(Runnable event) {
    return passed(event, null);
  }
}

package dev.htapod.relay;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/**
 * Netty completes a connect on the channel's loop, but a failed registration on another thread:
 * the stack is touched on its own loop only.
 */
final class OnLoop {
  private OnLoop() {}

  /** Runs {@code then} with {@code future}, once done, on {@code loop}. */
  static void whenDone(ChannelFuture future, EventLoop loop, Consumer<ChannelFuture> then) {
    future.addListener((ChannelFuture done) -> {
      if (loop.inEventLoop()) {
        then.accept(done);
      } else {
        loop.execute(() -> then.accept(done));
      }
    });
  }
}

package dev.htapod.relay;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns a destination given as a name (a router's redirect) into an address before it is dialed.
 * The host's resolver may take seconds, which the loop, and every other flow on it, must not wait
 * for (Netty's own resolution of such an address would block the loop): the name is resolved on a
 * lookup thread, and the flow goes on on the loop.
 */
public final class TargetResolver {
  private final Executor lookups;
  private final EventLoop loop;

  /** Resolves on {@code lookups} (which may block) and answers on {@code loop}. */
  public TargetResolver(Executor lookups, EventLoop loop) {
    this.lookups = lookups;
    this.loop = loop;
  }

  /**
   * Calls {@code then} with {@code target} as an address, at once if it is one; or {@code failed}
   * with why the name did not resolve. On the loop, from the loop.
   */
  void whenResolved(InetSocketAddress target, Consumer<InetSocketAddress> then, Consumer<Throwable> failed) {
    if (!target.isUnresolved()) {
      then.accept(target);
      return;
    }
    CompletableFuture.supplyAsync(() -> resolved(target), lookups).whenComplete((address, failure) ->
        loop.execute(() -> {
          if (failure == null) {
            then.accept(address);
          } else {
            failed.accept(failure instanceof CompletionException ? failure.getCause() : failure);
          }
        }));
  }

  private static InetSocketAddress resolved(InetSocketAddress name) {
    try {
      return new InetSocketAddress(InetAddress.getByName(name.getHostString()), name.getPort());
    } catch (UnknownHostException e) {
      throw new CompletionException(e);
    }
  }
}

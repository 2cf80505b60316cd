package dev.htapod.relay;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns a destination given as a name (a router's redirect) into an address before it is dialed.
 * The host's resolver may take seconds, which the loop, and every other flow on it, must not wait
 * for (Netty's own resolution of such an address would block the loop): the name is resolved on a
 * lookup thread, and the answer comes back on the loop.
 */
public final class TargetResolver {
  private final Executor lookups;
  private final EventLoop loop;

  /** Resolves on {@code lookups} (which may block; shared with the DNS resolver's host lookups). */
  public TargetResolver(Executor lookups, EventLoop loop) {
    this.lookups = lookups;
    this.loop = loop;
  }

  /**
   * {@code target} as an address, done at once if it is one; its listeners are told on the loop.
   * A name that does not resolve fails it with an {@link UnknownHostException}.
   */
  Future<InetSocketAddress> resolve(InetSocketAddress target) {
    if (!target.isUnresolved()) {
      return loop.newSucceededFuture(target);
    }
    Promise<InetSocketAddress> resolved = loop.newPromise();
    try {
      lookups.execute(() -> {
        try {
          resolved.setSuccess(new InetSocketAddress(InetAddress.getByName(target.getHostString()), target.getPort()));
        } catch (UnknownHostException e) {
          resolved.setFailure(e);
        }
      });
    } catch (RejectedExecutionException e) { // the run is ending
      resolved.setFailure(e);
    }
    return resolved;
  }
}

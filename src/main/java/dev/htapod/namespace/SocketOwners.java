package dev.htapod.namespace;

import dev.htapod.api.ProcessInfo;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Which process of the run owns a socket of the command, for reports to name it.
 *
 * <p>A future may complete on another thread (the lookup's own); what is chained to it with the
 * non-async methods then runs there, or on the caller's thread when it has completed already.
 * Chain with the async methods and your own executor (e.g. {@code thenAcceptAsync(action,
 * eventLoop)}) unless the action is short and thread-safe.
 */
public interface SocketOwners extends AutoCloseable {
  /** Knows no owner: every future completes with null at once; closing does nothing. */
  SocketOwners NONE =
      new SocketOwners() {
        @Override
        public CompletableFuture<ProcessInfo> tcp(InetSocketAddress command, InetSocketAddress destination) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<ProcessInfo> udp(InetSocketAddress command, InetSocketAddress destination) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
      };

  /**
   * The owner of the command's TCP socket from {@code command} to {@code destination}, addresses
   * as seen inside the run. Completes with null when unknown; never completes exceptionally.
   */
  CompletableFuture<ProcessInfo> tcp(InetSocketAddress command, InetSocketAddress destination);

  /**
   * The owner of the command's UDP socket at {@code command} that sent to {@code destination}
   * (connected or not), addresses as seen inside the run. Completes with null when unknown; never
   * completes exceptionally.
   */
  CompletableFuture<ProcessInfo> udp(InetSocketAddress command, InetSocketAddress destination);

  @Override
  void close();
}

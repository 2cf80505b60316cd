package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.netstack.FlowKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the process of the run behind a flow, from the command's socket. Asked on the stack's
 * loop when a flow starts, while the command's socket is sure to exist; answered later, on a
 * thread of the lookup's own, with null when the process is not known (it has exited).
 */
public interface FlowOwners {
  FlowOwners NONE = new FlowOwners() {
    @Override
    public CompletableFuture<ProcessInfo> tcp(FlowKey key) {
      return UNKNOWN;
    }

    @Override
    public CompletableFuture<ProcessInfo> udp(FlowKey key) {
      return UNKNOWN;
    }
  };

  /** A process never looked up, as for flows that no socket of the command made. */
  CompletableFuture<ProcessInfo> UNKNOWN = CompletableFuture.completedFuture(null);

  /** How long a report waits for a lookup at most; a lookup gives up before (after 2 s). */
  long PATIENCE_MILLIS = 3000;

  CompletableFuture<ProcessInfo> tcp(FlowKey key);

  CompletableFuture<ProcessInfo> udp(FlowKey key);

  /**
   * What a lookup found, once it has: only where waiting delays no packet (the report thread) or
   * where an answer waits for its report anyway (a refusal), and never on the lookup's own
   * thread, which would wait for itself.
   */
  static ProcessInfo await(CompletableFuture<ProcessInfo> owner) {
    try {
      return owner.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null; // reported as not known, like a process that exited
    }
  }
}

package dev.htapod.engine;

import dev.htapod.api.ProcessInfo;
import dev.htapod.namespace.SocketOwners;
import dev.htapod.netstack.FlowKey;
import dev.htapod.relay.FlowOwners;
import java.util.concurrent.CompletableFuture;

/**
 * The run's socket owners, asked by flow (the command's end is the flow's client). The relays are
 * made before the sandbox that knows the owners; no flow comes before the command starts, after
 * {@link #bind}.
 */
final class SandboxOwners implements FlowOwners {
  /** Set once by the session's thread before the command starts; read on the loop. */
  private volatile SocketOwners owners;

  void bind(SocketOwners sandboxOwners) {
    if (owners != null) {
      throw new IllegalStateException("the socket owners are bound already");
    }
    owners = sandboxOwners;
  }

  @Override
  public CompletableFuture<ProcessInfo> tcp(FlowKey key) {
    return bound().tcp(key.clientAddress(), key.serverAddress());
  }

  @Override
  public CompletableFuture<ProcessInfo> udp(FlowKey key) {
    return bound().udp(key.clientAddress(), key.serverAddress());
  }

  private SocketOwners bound() {
    SocketOwners bound = owners;
    if (bound == null) {
      throw new IllegalStateException("a flow before the sandbox was spawned");
    }
    return bound;
  }
}

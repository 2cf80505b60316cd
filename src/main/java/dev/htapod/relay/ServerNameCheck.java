package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Judges a relayed connection again once the command names its server (the TLS SNI, the HTTP
 * Host header): the connection was dialed on what was known at its SYN, its address and the DNS
 * name htapod gave for it, and the name it sends may be one that is not allowed.
 */
public interface ServerNameCheck {
  /** Judges nothing: every connection goes on. */
  ServerNameCheck NONE = new ServerNameCheck() {
    @Override
    public boolean active() {
      return false;
    }

    @Override
    public boolean admits(FlowKey key, InetSocketAddress target, String name, CompletableFuture<ProcessInfo> owner) {
      return true;
    }
  };

  /** Whether names are judged at all; when not, nothing waits for a Host header. */
  boolean active();

  /**
   * Whether the connection {@code key}, dialed to {@code target}, may go on now that the command
   * named {@code name}; when not, it is reset before any of its bytes go out, and the refusal has
   * been reported, naming {@code owner}, the process that opened it.
   */
  boolean admits(FlowKey key, InetSocketAddress target, String name, CompletableFuture<ProcessInfo> owner);
}

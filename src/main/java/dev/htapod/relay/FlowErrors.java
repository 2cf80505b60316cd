package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import java.util.concurrent.CompletableFuture;

/** Told of what htapod could not do for a flow. */
@FunctionalInterface
public interface FlowErrors {
  /**
   * @param subject what it concerns: a URL, an address and port
   * @param why why, and what to do about it
   * @param owner the process behind the flow, as {@link FlowOwners} finds it
   */
  void report(String subject, String why, CompletableFuture<ProcessInfo> owner);
}

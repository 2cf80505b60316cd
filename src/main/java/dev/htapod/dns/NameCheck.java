package dev.htapod.dns;

import dev.htapod.api.ProcessInfo;
import java.util.concurrent.CompletableFuture;

/** Which names the built-in resolver answers as non-existent (NXDOMAIN) before looking them up. */
public interface NameCheck {
  /** Every name is looked up. */
  NameCheck NONE = (name, asker) -> true;

  /**
   * Whether {@code name} (lower case, no trailing dot) may resolve; when not, it was reported,
   * naming {@code asker}, the process that asked.
   */
  boolean admits(String name, CompletableFuture<ProcessInfo> asker);
}

package dev.htapod.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a {@link TcpRouter} decides for a connection, before htapod dials anything.
 *
 * @param action what to do
 * @param target where to dial instead, for {@link Action#REDIRECT}; else null
 */
public record Route(Action action, InetSocketAddress target) {
  /** What to do with a connection. */
  public enum Action {
    /** Relay it as the run is configured: TLS decrypted unless --no-decrypt or --passthrough say not. */
    RELAY,
    /** Relay it, decrypting TLS whatever --no-decrypt and --passthrough say. */
    INTERCEPT,
    /** Relay it untouched, TLS included. */
    PASSTHROUGH,
    /** Refuse it: the command sees "connection refused" at once. */
    REFUSE,
    /** Relay it to another address, as the run is configured otherwise. */
    REDIRECT
  }

  public Route {
    Objects.requireNonNull(action, "action");
    if ((action == Action.REDIRECT) != (target != null)) {
      throw new IllegalArgumentException("a target goes with REDIRECT, and only with it");
    }
  }

  public static Route relay() {
    return new Route(Action.RELAY, null);
  }

  public static Route intercept() {
    return new Route(Action.INTERCEPT, null);
  }

  public static Route passthrough() {
    return new Route(Action.PASSTHROUGH, null);
  }

  public static Route refuse() {
    return new Route(Action.REFUSE, null);
  }

  public static Route redirect(InetSocketAddress target) {
    return new Route(Action.REDIRECT, Objects.requireNonNull(target, "target"));
  }
}

package dev.htapod.api;

/**
 * Decides, for each UDP flow the command opens (its first datagram to a new address and port),
 * whether htapod relays it ({@link Route.Action#RELAY}; INTERCEPT and PASSTHROUGH mean the same
 * for UDP), refuses it (ICMP port unreachable) or sends it elsewhere ({@link
 * Route.Action#REDIRECT}). DNS to the gateway is htapod's own resolver and is not routed. Called
 * on htapod's network thread: return quickly.
 */
@FunctionalInterface
public interface UdpRouter {
  /** Relays every flow. */
  UdpRouter DEFAULT = flow -> Route.relay();

  Route route(Connection flow);
}

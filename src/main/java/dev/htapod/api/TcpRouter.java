package dev.htapod.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Decides, for each TCP connection the command opens, what htapod does with it. Called on
 * htapod's network thread before anything is dialed: return quickly, without blocking.
 */
@FunctionalInterface
public interface TcpRouter {
  /** Relays everything as the run is configured. */
  TcpRouter DEFAULT = connection -> Route.relay();

  Route route(Connection connection);

  /**
   * Routes by the destination port: {@code routes} for the ports it names, {@code otherwise} for
   * the rest.
   */
  static TcpRouter byPort(Map<Integer, Route> routes, Route otherwise) {
    Map<Integer, Route> copy = Map.copyOf(routes);
    return connection -> copy.getOrDefault(connection.destination().getPort(), otherwise);
  }

  /**
   * Sends connections to {@code from} (any port) to {@code to} on the same port, and asks {@code
   * otherwise} about the rest. {@code to} may be the host's 127.0.0.1: the host's loopback.
   */
  static TcpRouter redirecting(InetAddress from, InetAddress to, TcpRouter otherwise) {
    return connection -> connection.destination().getAddress().equals(from)
        ? Route.redirect(new InetSocketAddress(to, connection.destination().getPort()))
        : otherwise.route(connection);
  }
}

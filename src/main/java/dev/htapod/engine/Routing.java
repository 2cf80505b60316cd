package dev.htapod.engine;

import dev.htapod.api.Connection;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.Route;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpRouter;
import dev.htapod.api.UdpRouter;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.relay.Decryption;
import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.TcpRelay;
import dev.htapod.relay.UdpRelay;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The API's routers at work: each new connection and UDP flow is shown to them, as the command
 * addressed it, before anything is dialed. A router that throws is logged and the flow relayed as
 * configured.
 */
final class Routing {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final TcpRouter tcpRouter;
  private final UdpRouter udpRouter;
  private final Function<String, String> hostOf;
  private final TapListener listener;
  private final FlowOwners owners;

  /**
   * @param hostOf the name the command looked up for an address (as text), or null
   * @param owners finds the process behind a flow a router refuses
   */
  Routing(TcpRouter tcpRouter, UdpRouter udpRouter, Function<String, String> hostOf, TapListener listener,
      FlowOwners owners) {
    this.owners = owners;
    this.tcpRouter = tcpRouter;
    this.udpRouter = udpRouter;
    this.hostOf = hostOf;
    this.listener = listener;
  }

  TcpForwarder tcp(TcpRelay relay) {
    if (tcpRouter == TcpRouter.DEFAULT) {
      return relay;
    }
    return connection -> {
      Route route = decide(tcpRouter::route, connection.key());
      switch (route.action()) {
        case RELAY -> relay.open(connection);
        case INTERCEPT -> relay.open(connection, relay.outward(connection.key()), Decryption.ALWAYS);
        case PASSTHROUGH -> relay.open(connection, relay.outward(connection.key()), Decryption.NEVER);
        case REDIRECT -> relay.open(connection, route.target(), Decryption.AS_CONFIGURED);
        case REFUSE -> {
          refused(connection.key(), owners.tcp(connection.key()));
          connection.refuse();
        }
      }
    };
  }

  UdpForwarder udp(UdpRelay relay) {
    if (udpRouter == UdpRouter.DEFAULT) {
      return relay;
    }
    return flow -> {
      Route route = decide(udpRouter::route, flow.key());
      switch (route.action()) {
        case RELAY, INTERCEPT, PASSTHROUGH -> relay.open(flow);
        case REDIRECT -> relay.open(flow, route.target());
        case REFUSE -> {
          refused(flow.key(), owners.udp(flow.key()));
          flow.unreachable(Icmp.Unreachable.PORT);
        }
      }
    };
  }

  private Route decide(Function<Connection, Route> router, FlowKey key) {
    String server = AddressText.of(key.server().toInetAddress());
    Connection connection = new Connection(key.clientAddress(), key.serverAddress(), hostOf.apply(server));
    try {
      Route route = router.apply(connection);
      return route == null ? Route.relay() : route;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a router failed on " + key + ": " + e, e);
      return Route.relay();
    }
  }

  /**
   * Reports a refusal before the command hears of it, which would end the socket its process is
   * found by.
   */
  private void refused(FlowKey key, CompletableFuture<ProcessInfo> owner) {
    listener.error(new ErrorEvent(AddressText.withPort(key.server().toInetAddress(), key.serverPort()),
        "refused by the router", FlowOwners.await(owner)));
  }
}

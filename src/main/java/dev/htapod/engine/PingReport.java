package dev.htapod.engine;

import dev.htapod.api.ErrorEvent;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.wire.IpAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Pings to hosts other than the gateway are not relayed (that needs an unprivileged ICMP socket
 * on the host, which its net.ipv4.ping_group_range must allow): say so once per destination
 * rather than let the command wait in silence.
 */
final class PingReport {
  private final TapListener listener;
  private final Set<IpAddress> reported = new HashSet<>();

  PingReport(TapListener listener) {
    this.listener = listener;
  }

  void echoRequest(IpAddress destination) {
    if (reported.add(destination)) {
      listener.error(new ErrorEvent(destination.toString(),
          "ping not relayed: htapod answers pings to the gateway only (10.0.2.2, fd00::2)"));
    }
  }
}

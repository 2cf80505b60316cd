package dev.htapod.engine;

import dev.htapod.api.ErrorEvent;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.wire.IpAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Pings that cannot be relayed because the host refuses an ICMP socket (most often its
 * net.ipv4.ping_group_range leaves the user's group out): said once per destination rather than
 * let the command wait in silence, and not again for each ping process or request.
 */
final class PingReport {
  private final TapListener listener;
  private final Set<IpAddress> reported = new HashSet<>();

  PingReport(TapListener listener) {
    this.listener = listener;
  }

  void notRelayed(IpAddress destination, String reason) {
    if (reported.add(destination)) {
      listener.error(new ErrorEvent(destination.toString(), "ping not relayed: " + reason, null));
    }
  }
}

package dev.htapod.replay;

import dev.htapod.api.ReplayMiss;
import dev.htapod.api.ReplaySettings;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.relay.FlowErrors;
import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TcpFlowRecord;
import dev.htapod.relay.TlsSettings;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A replay ({@code --replay}): the command's connections to the recorded ports are answered by
 * htapod from the recording, none is dialed. With {@link ReplayMiss#FAIL} every other TCP
 * connection is refused, UDP flows (DNS aside, which the resolver answers) get a port unreachable
 * and pings no answer, each reported; with {@link ReplayMiss#PASS} they go where they would without
 * a replay. Used on the stack's loop.
 */
public final class Replayer implements TcpForwarder {
  private final ReplayBook book;
  private final ReplayMiss miss;
  private final Serving serving;
  private final TcpForwarder network;
  private final FlowErrors errors;
  private final FlowOwners owners;
  /** Requests answered 502; counted on the loop, read once the run is over. */
  private final AtomicInteger failedRequests = new AtomicInteger();
  /** Connections, UDP flows and pings refused; counted on the loop, read once the run is over. */
  private final AtomicInteger refusedFlows = new AtomicInteger();

  /** What a replayed connection needs from the run. */
  record Serving(TlsSettings tls, StreamTap.Factory taps, FlowErrors errors, TapListener listener,
      Consumer<TcpFlowRecord> flowEnded, FlowOwners owners, MissedRequests misses) {}

  /**
   * @param network where a connection goes that the replay does not answer, with {@link ReplayMiss#PASS}
   * @param misses sends a missed request to the network, with {@link ReplayMiss#PASS}
   */
  public Replayer(ReplaySettings settings, TlsSettings tls, StreamTap.Factory taps, FlowErrors errors,
      TapListener listener, Consumer<TcpFlowRecord> flowEnded, FlowOwners owners, TcpForwarder network,
      MissedRequests misses) {
    this.book = new ReplayBook(RecordingFile.read(settings.file()), settings);
    this.miss = settings.miss();
    this.network = network;
    this.errors = errors;
    this.owners = owners;
    this.serving = new Serving(tls, taps, errors, listener, flowEnded, owners,
        settings.miss() == ReplayMiss.PASS ? misses : MissedRequests.failing(failedRequests));
  }

  /** The recorded host names, which the built-in resolver answers with the host's loopback. */
  public Set<String> names() {
    return book.names();
  }

  /** Requests answered with a 502 because the recording lacked them. */
  public int failedRequests() {
    return failedRequests.get();
  }

  /** Connections, UDP flows and pings refused because a replay answers only recorded HTTP. */
  public int refusedFlows() {
    return refusedFlows.get();
  }

  @Override
  public void open(TcpConnection connection) {
    FlowKey key = connection.key();
    if (book.ports().contains(key.serverPort())) {
      connection.accept(new ReplayedTcp(connection, book, serving));
    } else if (miss == ReplayMiss.PASS) {
      network.open(connection);
    } else {
      refusedFlows.incrementAndGet();
      errors.report(where(key), "refused: the recording holds no HTTP for port " + key.serverPort()
          + " (replay)", owners.tcp(key));
      connection.refuse();
    }
  }

  /** UDP other than DNS: to {@code network} with {@link ReplayMiss#PASS}, else a port unreachable. */
  public UdpForwarder udp(UdpForwarder network) {
    if (miss == ReplayMiss.PASS) {
      return network;
    }
    return flow -> {
      refusedFlows.incrementAndGet();
      errors.report(where(flow.key()), "refused: a replay answers only HTTP", owners.udp(flow.key()));
      flow.unreachable(Icmp.Unreachable.PORT);
    };
  }

  /** Pings: to {@code network} with {@link ReplayMiss#PASS}, else unanswered. */
  public EchoForwarder echo(EchoForwarder network) {
    if (miss == ReplayMiss.PASS) {
      return network;
    }
    return flow -> {
      refusedFlows.incrementAndGet();
      errors.report(AddressText.of(flow.key().server().toInetAddress()), "ping not answered: a replay answers only HTTP",
          FlowOwners.UNKNOWN);
      return null;
    };
  }

  private static String where(FlowKey key) {
    return AddressText.withPort(key.server().toInetAddress(), key.serverPort());
  }
}

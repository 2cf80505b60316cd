package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TapListener;
import dev.htapod.dns.NameCheck;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.icmp.EchoPeer;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.policy.Destination;
import dev.htapod.policy.EgressPolicy;
import dev.htapod.policy.Verdict;
import dev.htapod.relay.Destinations;
import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.ServerNameCheck;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The egress policy at work. Each new TCP connection is judged at its SYN, before anything is
 * dialed, on what is known then: the address (the host's loopback for the gateway, and where
 * {@code --map} sends it) and the DNS name htapod last answered with that address. Each UDP flow
 * and ping is judged the same way, each DNS name before it is looked up, and each connection
 * again once it names its server (SNI, Host). A refusal looks to the command as a host's would
 * (RST, ICMP unreachable, NXDOMAIN), is reported once, and is counted for {@code --fail-on-deny}.
 * A refusal is answered once its report, which names the process, is out: the command's socket,
 * by which the process is found, goes away with the answer. In audit mode nothing is refused: what
 * would have been is reported as such, and goes on as if allowed.
 */
final class EgressGate implements ServerNameCheck, NameCheck {
  private final EgressPolicy policy;
  private final Destinations destinations;
  private final Set<IpAddress> gateways;
  private final Function<String, String> dnsNameOf;
  private final TapListener listener;
  private final FlowOwners owners;
  private final boolean audit;
  /** A name is asked for once per address family, and again on retries: one report is enough. */
  private final Set<String> deniedNames = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refusals = new AtomicInteger();

  /**
   * @param dnsNameOf the name htapod's DNS last answered with an address (as text), or null
   * @param audit whether to let through, and report, what the policy would refuse
   */
  EgressGate(EgressPolicy policy, Destinations destinations, Set<IpAddress> gateways,
      Function<String, String> dnsNameOf, TapListener listener, FlowOwners owners, boolean audit) {
    this.owners = owners;
    this.audit = audit;
    this.policy = policy;
    this.destinations = destinations;
    this.gateways = Set.copyOf(gateways);
    this.dnsNameOf = dnsNameOf;
    this.listener = listener;
  }

  /** How many times something was refused so far. */
  int refusals() {
    return refusals.get();
  }

  /** {@code next}, for the connections the policy allows; the others are reset at their SYN. */
  TcpForwarder tcp(TcpForwarder next) {
    if (!policy.restricts()) {
      return next;
    }
    return connection -> {
      FlowKey key = connection.key();
      if (allows("tcp", key, () -> owners.tcp(key))) {
        next.open(connection);
      } else {
        connection.refuse(); // as a closed port would: "connection refused" at once
      }
    };
  }

  /** {@code next}, for the flows the policy allows; the others get ICMP port unreachable. */
  UdpForwarder udp(UdpForwarder next) {
    if (!policy.restricts()) {
      return next;
    }
    return flow -> {
      FlowKey key = flow.key();
      if (allows("udp", key, () -> owners.udp(key))) {
        next.open(flow);
      } else {
        // Port unreachable rather than "administratively prohibited": a connected UDP socket
        // then fails with ECONNREFUSED, the same "connection refused" a refused TCP gets.
        flow.unreachable(Icmp.Unreachable.PORT);
      }
    };
  }

  /** {@code next}, for the pings the policy allows; the others are answered "prohibited". */
  EchoForwarder echo(EchoForwarder next) {
    if (!policy.restricts()) {
      return next;
    }
    return flow -> {
      IpAddress server = flow.key().server();
      // Ping sockets have no diagnostics to find their process by.
      boolean allowed = allows("icmp", server, 0, new InetSocketAddress(destinations.outward(server), 0),
          () -> FlowOwners.UNKNOWN);
      return allowed ? next.open(flow) : PROHIBITED;
    };
  }

  private boolean allows(String protocol, FlowKey key, Supplier<CompletableFuture<ProcessInfo>> owner) {
    return allows(protocol, key.server(), key.serverPort(), destinations.outward(key.server(), key.serverPort()), owner);
  }

  /**
   * Judges a new flow to {@code server}:{@code port}, going to {@code target} from the host, by
   * its addresses and its DNS name; a refusal is reported here, naming the {@code owner} looked up
   * only then, and carried out by the caller.
   */
  private boolean allows(String protocol, IpAddress server, int port, InetSocketAddress target,
      Supplier<CompletableFuture<ProcessInfo>> owner) {
    String name = dnsNameOf.apply(server.toString());
    Verdict verdict = judge(server, port, target, name);
    return verdict.allowed() || refused(protocol, name, target, verdict, owner.get());
  }

  /** Each request is answered with ICMP "communication administratively prohibited". */
  private static final EchoPeer PROHIBITED = new EchoPeer() {
    @Override
    public Icmp.Unreachable request(ByteBuf message) {
      return Icmp.Unreachable.PROHIBITED;
    }

    @Override
    public void closed() {}
  };

  @Override
  public boolean active() {
    return policy.judgesNames();
  }

  @Override
  public boolean admits(FlowKey key, InetSocketAddress target, String name, CompletableFuture<ProcessInfo> owner) {
    // Only the name the command sent counts now: the DNS name was a guess from the address.
    Verdict verdict = judge(key.server(), key.serverPort(), target, name);
    if (verdict.allowed()) {
      return true;
    }
    // In audit mode a connection that its SYN's judgement would have refused was reported then.
    boolean auditedAtSyn = audit
        && !judge(key.server(), key.serverPort(), target, dnsNameOf.apply(key.server().toString())).allowed();
    return auditedAtSyn || refused("tcp", name, target, verdict, owner);
  }

  @Override
  public boolean admits(String name, CompletableFuture<ProcessInfo> asker) {
    Verdict verdict = policy.judgeName(name);
    if (!verdict.allowed() && deniedNames.add(name)) {
      report(new DenyEvent("dns", name, null, 0, deniedBy(verdict), FlowOwners.await(asker)));
    }
    return verdict.allowed() || audit;
  }

  private Verdict judge(IpAddress used, int port, InetSocketAddress target, String name) {
    List<InetSocketAddress> addresses = new ArrayList<>(2);
    addresses.add(target);
    // The gateway address means nothing to users: it is judged as the loopback it stands for.
    if (!gateways.contains(used) && !used.toInetAddress().equals(target.getAddress())) {
      addresses.add(new InetSocketAddress(used.toInetAddress(), port));
    }
    return policy.judge(new Destination(addresses, port, name == null ? List.of() : List.of(name)));
  }

  /** Reports what the policy refuses; whether it goes on all the same (in audit mode). */
  private boolean refused(String protocol, String name, InetSocketAddress target, Verdict verdict,
      CompletableFuture<ProcessInfo> owner) {
    report(new DenyEvent(protocol, name, AddressText.of(target.getAddress()), target.getPort(),
        deniedBy(verdict), FlowOwners.await(owner)));
    return audit;
  }

  private void report(DenyEvent refusal) {
    if (audit) {
      listener.audit(refusal);
    } else {
      refusals.incrementAndGet();
      listener.deny(refusal);
    }
  }

  private static String deniedBy(Verdict verdict) {
    return verdict.deniedBy() == null ? null : verdict.deniedBy().text();
  }
}

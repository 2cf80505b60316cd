package dev.htapod.engine;

import dev.htapod.api.ErrorEvent;
import dev.htapod.api.Htapod;
import dev.htapod.api.HtapodException;
import dev.htapod.api.ReplayMiss;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpSniffer;
import dev.htapod.dns.DnsResolver;
import dev.htapod.dns.NameBook;
import dev.htapod.dns.ResolvConf;
import dev.htapod.dns.UpstreamDns;
import dev.htapod.namespace.NetworkPlan;
import dev.htapod.namespace.PrivateFiles;
import dev.htapod.namespace.Sandbox;
import dev.htapod.namespace.SandboxSpec.Mount;
import dev.htapod.namespace.SandboxSpec;
import dev.htapod.namespace.SocketOwners;
import dev.htapod.namespace.Spawner;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.policy.EgressPolicy;
import dev.htapod.policy.HostPattern;
import dev.htapod.policy.PolicyFile;
import dev.htapod.policy.PolicyLine;
import dev.htapod.relay.Destinations;
import dev.htapod.relay.FlowErrors;
import dev.htapod.relay.PingRelay;
import dev.htapod.relay.RelayLoops;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TargetResolver;
import dev.htapod.relay.TcpRelay;
import dev.htapod.relay.TlsSettings;
import dev.htapod.relay.UdpRelay;
import dev.htapod.replay.NetworkFetch;
import dev.htapod.replay.Replayer;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.LeafMinter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/** One run: the sandbox, the stack on its event loop, the relays and the resolver. */
final class Session implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final Htapod tap;
  /** Where the command is started from: here, or a warm launcher's process. */
  private final Spawner spawner;
  private final NetworkPlan network;
  private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "htapod-lookup");
    thread.setDaemon(true);
    return thread;
  });
  private EventLoopGroup group;
  private IoEventLoop loop;
  /** Where bulk senders' outward channels go; its thread starts with the first of them. */
  private IoEventLoop bulkLoop;
  private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
  private final NameBook names = new NameBook();
  private final Reporting reporting;
  /** Told of events from the loop and the lookups; they are reported on the report thread. */
  private final QueuedListener listener;
  /** resolv.conf, hosts and the trust files: written into the namespace's own tmpfs at the spawn. */
  private final PrivateFiles files = new PrivateFiles();
  private final ResolverFiles resolverFiles;
  private final EgressPolicy policy;
  /** The policy files, enforced with the --allow and --deny patterns. */
  private final List<PolicyFile> policyFiles;
  /** --learn's file, checked before the command runs; null without --learn. */
  private final LearnedPolicyFile learned;
  /** Made on the loop, with the relays, while the trust and the sandbox are made. */
  private EgressGate egress;
  /** Set once by the trust's thread; read after {@link #trusting} is done. */
  private LeafMinter minter;
  /** The CA and the files and mounts that make the command trust it; null without decryption. */
  private RunTrust trust;
  /** The CA, its minter and the trust files, being made; done before the sandbox is spawned. */
  private final CompletableFuture<Void> trusting;
  /** The CAs of --upstream-ca: a bad file stops the run before the command starts. */
  private final CompletableFuture<List<Certificate>> extraCas;
  /** Parsing the host's CAs takes a while: done once the trust files are made, needed at the first TLS. */
  private final CompletableFuture<TrustManagerFactory> upstreamTrust;
  /** The process behind each flow, from the sandbox's socket owners once it is spawned. */
  private final SandboxOwners owners = new SandboxOwners();
  /** The relays and the routes to them, made on the loop while the trust and the sandbox are made. */
  private final CompletableFuture<Relays> relays;
  /** With --replay, what answers the command's HTTP; made on the loop with the relays. */
  private Replayer replayer;

  Session(Htapod tap) {
    this.tap = tap;
    this.spawner = tap.origin() == null ? Spawner.LOCAL : new OriginSpawner(tap.origin());
    // A malformed pattern or policy line, or a --learn file that cannot take the result: before anything starts.
    this.policyFiles = tap.policies().stream().map(source -> PolicyFile.parse(source.name(), source.lines())).toList();
    List<PolicyLine> policyLines = policyFiles.stream().flatMap(file -> file.lines().stream()).toList();
    this.policy = EgressPolicy.parse(tap.allow(), tap.deny()).with(policyLines);
    this.learned = tap.learn() == null ? null : new LearnedPolicyFile(tap.learn());
    this.network = NetworkPlan.standard(tap.ipv6());
    this.reporting = new Reporting(tap, policyLines);
    this.listener = reporting.listener();
    try {
      this.resolverFiles = new ResolverFiles(files, AddressText.of(network.gateway4()),
          AddressText.of(network.gateway4()), network.gateway6() == null ? null : AddressText.of(network.gateway6()));
      // The CA and the trust files (made ahead, see RunTrust, or here) are finished while Netty's
      // native transport loads; the host's CAs for checking servers are parsed after them, off the
      // start-up's path (on 2 cores parsing them alongside made the command start ~0.18 s later).
      this.trusting = tap.decrypt()
          ? CompletableFuture.runAsync(this::prepareTrust, lookups)
          : CompletableFuture.completedFuture(null);
      this.extraCas = tap.insecure() || !tap.decrypt()
          ? CompletableFuture.completedFuture(List.of())
          : CompletableFuture.supplyAsync(() -> UpstreamTrust.extraCas(tap.upstreamCas()), lookups);
      this.upstreamTrust = tap.insecure() || !tap.decrypt()
          ? CompletableFuture.completedFuture(null)
          : trusting.thenCombineAsync(extraCas, (made, extra) -> UpstreamTrust.of(hostBundle(), extra), lookups);
      if (!Epoll.isAvailable()) {
        throw new HtapodException("Netty's epoll transport is unavailable: " + Epoll.unavailabilityCause());
      }
      this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("htapod-loop"),
          StaleEventFilter.factory());
      Iterator<EventExecutor> loops = group.iterator();
      this.loop = (IoEventLoop) loops.next();
      this.bulkLoop = (IoEventLoop) loops.next();
      // ~40 ms of cold code (the relays, the resolver's codecs), on a core the trust's thread and
      // the sandbox's child leave idle.
      this.relays = CompletableFuture.supplyAsync(this::relays, loop);
      join(trusting);
    } catch (RuntimeException e) {
      close(); // the report thread, and whatever else was made
      throw e;
    }
  }

  /** The run's CA (fresh, or loaded from --ca-cert/--ca-key), its minter, and the trust files. */
  private void prepareTrust() {
    RunTrust made = tap.caCert() != null
        ? RunTrust.of(CertificateAuthority.load(tap.caCert(), tap.caKey()), spawner.environment(), spawner.directory())
        : RunTrust.fresh(spawner.environment(), spawner.directory());
    minter = new LeafMinter(made.ca());
    trust = made;
  }

  /** The host's first CA bundle, whose CAs check the servers; null when it has none. */
  private Path hostBundle() {
    List<Path> bundles = trust.locations().bundles();
    return bundles.isEmpty() ? null : bundles.get(0);
  }

  /** Waits for {@code work}; its HtapodException is thrown as it is. */
  private static <T> T join(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  int run(List<String> command) {
    long started = System.nanoTime();
    List<Mount> mounts = new ArrayList<>(trust == null ? List.of() : trust.injection().mounts());
    mounts.addAll(resolverFiles.mounts());
    PerfDataMount.forUser(System.getProperty("user.name")).ifPresent(mounts::add);
    List<String> environment = trust == null ? List.of() : trust.injection().environment();
    if (trust != null) {
      files.include(trust.files());
    }
    Sandbox.Exit exit;
    try (Sandbox sandbox = Sandbox.spawn(new SandboxSpec(command, environment, files, mounts, network), spawner);
        TunWriter writer = new TunWriter(sandbox.tun(), loop)) {
      try {
        LOG.log(Level.DEBUG, "namespace ready in {0} ms: {1}", (System.nanoTime() - started) / 1_000_000,
            network.describe());
        owners.bind(reporting.namesProcesses() ? sandbox.owners() : SocketOwners.NONE);
        Stack stack = stack(writer, join(relays));
        TunHandle tun = new TunHandle(sandbox.tun(), allocator, stack::receive, stack::flush);
        tun.register(loop);
        join(extraCas); // a bad --upstream-ca stops the run before the command starts
        sandbox.start();
        exit = sandbox.awaitExit();
        exit.execFailure().ifPresent(message -> LOG.log(Level.ERROR, message));
        String drops = loop.submit(() -> {
          tun.drain();
          tun.unregister();
          stack.close();
          return stack.drops().toString();
        }).get();
        LOG.log(Level.DEBUG, "packets dropped: {0}", drops);
      } finally {
        stopLoop(); // before the writer and then the device close
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HtapodException("interrupted while waiting for the command", e);
    } catch (ExecutionException e) {
      throw new HtapodException("the network stack failed: " + e.getCause(), e.getCause());
    }
    reporting.finish();
    if (learned != null) {
      learned.write(policyFiles, reporting.destinations());
    }
    return ReplayWiring.status(withPolicy(exit.status()), replayer);
  }

  /** Ends the loop, after what it was doing: nothing it runs may outlive the device or the reports. */
  private void stopLoop() {
    if (group != null) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  /**
   * A successful command's status becomes {@link Htapod#DENIED_STATUS} with --fail-on-deny or an
   * enforced policy file when anything was refused; a failed command's own status says more, and
   * stays.
   */
  private int withPolicy(int status) {
    boolean failOnDeny = tap.failOnDeny() || !policyFiles.isEmpty();
    if (!failOnDeny || status != 0 || egress.refusals() == 0) {
      return status;
    }
    LOG.log(Level.WARNING, "the egress policy refused {0} destination(s) (see the DENY lines): exit status {1}",
        egress.refusals(), Htapod.DENIED_STATUS);
    return Htapod.DENIED_STATUS;
  }

  /** The relays behind the stack, and the policy and the routers in front of them; on the loop. */
  private Relays relays() {
    Set<IpAddress> gateways = gateways();
    Destinations destinations = new Destinations(tap.mappings(), loopbackOf(gateways));
    egress = new EgressGate(policy, destinations, gateways, names::nameOf, listener, owners, tap.audit());
    FlowEvents events = new FlowEvents(listener, names::nameOf);
    TargetResolver targets = new TargetResolver(lookups, loop);
    FlowErrors errors = (subject, message, owner) ->
        listener.error(owner, process -> new ErrorEvent(subject, message, process));
    TlsSettings tls = tlsSettings();
    TcpRelay tcp = new TcpRelay(new RelayLoops(loop, bulkLoop), destinations, tls, events::tcp, errors,
        owners, taps(), egress, targets, names::nameOf);
    Routing routing = new Routing(tap.router(), tap.udpRouter(), names::nameOf, listener, owners);
    TcpForwarder tcpRoute = routing.tcp(tcp);
    UdpForwarder udpRoute =
        routing.udp(new UdpRelay(loop, destinations, events::udp, targets, errors, owners, names::nameOf));
    if (tap.replay() != null) {
      replayer = new Replayer(tap.replay(), tls, taps(), errors, listener, events::tcp, owners, tcpRoute,
          new NetworkFetch(loop, destinations, tls));
      tcpRoute = replayer;
      udpRoute = replayer.udp(udpRoute);
    }
    // The run's policy first: a router cannot send a flow where --deny forbids.
    Routes routes = new Routes(gateways, resolver(), egress.tcp(tcpRoute), egress.udp(udpRoute), owners);
    PingRelay ping = new PingRelay(loop, allocator, destinations, events::icmp, new PingReport(listener)::notRelayed);
    EchoForwarder echo = egress.echo(ping);
    return new Relays(routes, replayer == null ? echo : replayer.echo(echo));
  }

  /** What the stack hands its flows to: TCP and UDP by route, pings by the echo forwarder. */
  private record Relays(Routes routes, EchoForwarder echo) {}

  private Stack stack(TunWriter writer, Relays relays) {
    return new Stack(writer, allocator, new LoopTimers(loop), relays.routes(), relays.routes(),
        relays.echo(), gateways(), network.mtu(), reporting.datagrams());
  }

  /**
   * What sees each connection's bytes: the HTTP observer and the capture on the report thread,
   * the API's sniffers on the loop.
   */
  private StreamTap.Factory taps() {
    StreamTap.Factory taps = reporting.connections();
    for (TcpSniffer sniffer : tap.sniffers()) {
      taps = taps.and(new SnifferTaps(sniffer, names::nameOf));
    }
    return taps;
  }

  private TlsSettings tlsSettings() {
    List<HostPattern> passthrough = tap.passthrough().stream().map(HostPattern::new).toList();
    return new TlsSettings(tap.decrypt(), passthrough, this::upstreamTrust, this::minter);
  }

  /** The leaves' minter; the sandbox is spawned, so the first decrypted connection never waits. */
  private LeafMinter minter() {
    join(trusting);
    return minter;
  }

  /** Waits, at the first decrypted connection, for the host's CAs if they are still being parsed. */
  private TrustManagerFactory upstreamTrust() {
    return join(upstreamTrust);
  }

  private DnsResolver resolver() {
    InetSocketAddress upstream = tap.dns() != null ? tap.dns()
        : ResolvConf.firstNameserver(resolverFiles.hostResolvConf())
            .map(server -> new InetSocketAddress(server, 53)).orElse(null);
    // Offline in a replay that fails its misses: the recorded names and --resolve's, and no others.
    boolean offline = replayer != null && tap.replay().miss() == ReplayMiss.FAIL;
    return new DnsResolver(ReplayWiring.names(tap.resolve(), replayer), offline || upstream == null ? null
        : new UpstreamDns(loop, upstream), tap.dns() == null && !offline, lookups, loop, this::givenToCommand, listener,
        names, egress);
  }

  /** The address the command is given for a host address: the gateway for the loopback. */
  private InetAddress givenToCommand(InetAddress address) {
    boolean v6 = address instanceof java.net.Inet6Address;
    if (v6 && network.address6() == null) {
      return null;
    }
    if (address.isLoopbackAddress()) {
      return v6 ? network.gateway6() : network.gateway4();
    }
    return address;
  }

  private Set<IpAddress> gateways() {
    Set<IpAddress> gateways = new HashSet<>();
    gateways.add(IpAddress.of(network.gateway4()));
    if (network.gateway6() != null) {
      gateways.add(IpAddress.of(network.gateway6()));
    }
    return gateways;
  }

  /** The gateway addresses stand for the host's loopback. */
  private static Map<IpAddress, InetAddress> loopbackOf(Set<IpAddress> gateways) {
    Map<IpAddress, InetAddress> rewrites = new java.util.HashMap<>();
    for (IpAddress gateway : gateways) {
      rewrites.put(gateway, (gateway.v6() ? IpAddress.LOOPBACK6 : IpAddress.LOOPBACK4).toInetAddress());
    }
    return rewrites;
  }

  @Override
  public void close() {
    stopLoop();
    reporting.close();
    lookups.shutdownNow();
  }
}

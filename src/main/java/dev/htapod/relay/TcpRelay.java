package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TcpOutcome;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.Icmp;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Dials the destination of each new TCP connection from the host, then completes the command's
 * handshake, or answers as the destination did: RST for refused, ICMP for unreachable.
 */
public final class TcpRelay implements TcpForwarder {
  private static final System.Logger LOG = System.getLogger("htapod");
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /**
   * A loopback destination answers within microseconds, so this small receive buffer costs it no
   * speed, and the bytes we read are recent enough to be still in a CPU cache. With the kernel's
   * autotuning (~1.3 MiB here) copying them out cost the loop 3-4 times what the command's own
   * read of the same bytes costs, with this twice; downloads ran 7-12 % faster.
   */
  private static final int LOOPBACK_RECEIVE_BUFFER = 256 << 10;
  /**
   * An IPv4 socket for an IPv4 destination: Netty's default, a dual-stack IPv6 socket, cost each
   * dial a system call more (IPV6_V6ONLY off) and the kernel a mapped address. Made directly, not
   * by reflection.
   */
  private static final ChannelFactory<EpollSocketChannel> IPV4_SOCKET =
      () -> new EpollSocketChannel(SocketProtocolFamily.INET);
  private static final ChannelFactory<EpollSocketChannel> DUAL_STACK_SOCKET = EpollSocketChannel::new;

  private final Bootstrap bootstrap;
  private final RelayLoops loops;
  private final Destinations destinations;
  private final Consumer<TcpFlowRecord> flowEnded;
  private final TlsSettings tls;
  private final FlowErrors errors;
  private final FlowOwners owners;
  private final StreamTap.Factory taps;
  private final ServerNameCheck names;
  private final TargetResolver targets;
  private final Function<String, String> dnsNames;

  /**
   * @param errors told of what could not be done for a connection
   * @param owners finds the process behind each connection
   * @param taps opens what sees each connection's bytes beside the relay
   * @param names judges each connection again once it names its server (SNI, Host)
   * @param targets resolves a destination given as a name
   * @param dnsNames the name the command's DNS lookups last gave for an address (as text), or null
   */
  public TcpRelay(RelayLoops loops, Destinations destinations, TlsSettings tls, Consumer<TcpFlowRecord> flowEnded,
      FlowErrors errors, FlowOwners owners, StreamTap.Factory taps, ServerNameCheck names, TargetResolver targets,
      Function<String, String> dnsNames) {
    this.owners = owners;
    this.targets = targets;
    this.dnsNames = dnsNames;
    this.destinations = destinations;
    this.flowEnded = flowEnded;
    this.tls = tls;
    this.errors = errors;
    this.taps = taps;
    this.names = names;
    this.bootstrap =
        new Bootstrap()
            .group(loops.stack())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            // TCP_NODELAY: Netty's epoll channels set it when they are made, on Linux; asking
            // again cost each dial a system call.
            // Writability flips (and window updates to the command) happen per 3 MiB, not per
            // 32 KiB as with Netty's defaults; it must flip back below the window we offer the
            // command (6 MiB), or a closed window would wait for a probe to open.
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .option(ChannelOption.RECVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(2048, 65536, 256 << 10))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            // Netty leaves a write it could not finish in so many tries to a task on the channel's
            // loop of the moment: after a move to the bulk loop that task would write from the
            // old one. Writing on until the socket is full (then waiting for EPOLLOUT, which the
            // move asks for again) leaves no such task; a flush is bounded by the window anyway.
            .option(ChannelOption.WRITE_SPIN_COUNT, Integer.MAX_VALUE);
    this.loops = loops;
  }

  /** Relays {@code connection} where the command sent it (after --map), TLS as configured. */
  @Override
  public void open(TcpConnection connection) {
    open(connection, outward(connection.key()), Decryption.AS_CONFIGURED);
  }

  /** Where a connection goes from the host: the gateway is the host's loopback, then --map. */
  public InetSocketAddress outward(FlowKey key) {
    return destinations.outward(key.server(), key.serverPort());
  }

  /**
   * Relays {@code connection} to {@code target}, decrypting its TLS as {@code decryption} says;
   * a target given as a name is resolved first.
   */
  public void open(TcpConnection connection, InetSocketAddress target, Decryption decryption) {
    String dnsName = dnsNames.apply(connection.key().server().toString()); // as looked up before this SYN
    CompletableFuture<ProcessInfo> owner = owners.tcp(connection.key()); // while the command waits in connect()
    targets.resolve(target).addListener(resolved -> {
      if (!connection.isOpen()) {
        return; // the command gave up while the name was resolved
      }
      if (resolved.isSuccess()) {
        dial(connection, owner, dnsName, (InetSocketAddress) resolved.getNow(), decryption);
      } else {
        failed(connection, owner, dnsName, target, resolved.cause());
      }
    });
  }

  private void dial(TcpConnection connection, CompletableFuture<ProcessInfo> owner, String dnsName,
      InetSocketAddress target, Decryption decryption) {
    RelayedTcp.Dialer dialer = handler -> bootstrapFor(target).handler(handler).connect(target);
    RelayedTcp relayed = new RelayedTcp(
        connection, owner, dnsName, target, tls, flowEnded, errors, loops, dialer, taps, decryption, names);
    OnLoop.whenDone(dialer.dial(relayed), loops.stack(), done -> {
      if (done.isSuccess()) {
        OwnerWait.then(owner, loops.stack(), () -> {
          connection.accept(relayed);
          if (connection.isOpen()) {
            done.channel().read();
          }
        });
      } else {
        failed(connection, owner, dnsName, target, done.cause());
      }
    });
  }

  private Bootstrap bootstrapFor(InetSocketAddress target) {
    Bootstrap dial = bootstrap.clone().channelFactory(
        target.getAddress() instanceof Inet4Address ? IPV4_SOCKET : DUAL_STACK_SOCKET);
    if (target.getAddress().isLoopbackAddress()) {
      dial.option(ChannelOption.SO_RCVBUF, LOOPBACK_RECEIVE_BUFFER);
    }
    return dial;
  }

  /**
   * The dial failed: the command gets the answer the destination gave (a RST for refused, ICMP
   * for unreachable), and the attempt is reported; a failure of htapod's own is an error too. The
   * answer waits for the lookup of the process: the command closes its socket once answered.
   */
  private void failed(TcpConnection connection, CompletableFuture<ProcessInfo> owner, String dnsName,
      InetSocketAddress target, Throwable cause) {
    LOG.log(Level.DEBUG, "dialing for {0} failed: {1}", connection.key(), cause.toString());
    owner.whenCompleteAsync((process, never) -> answerFailure(connection, owner, dnsName, target, cause), loops.stack());
  }

  private void answerFailure(TcpConnection connection, CompletableFuture<ProcessInfo> owner, String dnsName,
      InetSocketAddress target, Throwable cause) {
    TcpOutcome outcome = outcome(cause);
    switch (outcome) {
      case REFUSED -> connection.refuse();
      case UNREACHABLE -> connection.unreachable(cause instanceof NoRouteToHostException || SocketFailure.noRoute(cause)
          ? Icmp.Unreachable.NETWORK : Icmp.Unreachable.HOST);
      default -> connection.unreachable(Icmp.Unreachable.HOST);
    }
    String where = target.isUnresolved() ? target.getHostString() + ":" + target.getPort()
        : AddressText.withPort(target.getAddress(), target.getPort());
    if (outcome == TcpOutcome.FAILED) {
      errors.report(where, "could not connect: " + SocketFailure.reason(cause), owner);
    }
    InetSocketAddress reported = target.isUnresolved() ? outward(connection.key()) : target;
    flowEnded.accept(new TcpFlowRecord(connection.key(), owner, dnsName, reported, outcome, null, 0, 0,
        System.nanoTime() - connection.openedAt()));
  }

  /** What a failed dial means: the destination's answer, or a failure of htapod's own. */
  private static TcpOutcome outcome(Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return TcpOutcome.TIMED_OUT;
    }
    if (cause instanceof UnknownHostException || cause instanceof NoRouteToHostException || SocketFailure.noRoute(cause)) {
      return TcpOutcome.UNREACHABLE;
    }
    // Netty's ConnectException also stands for local failures (no ephemeral port left): by its text.
    if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("Connection refused")) {
      return TcpOutcome.REFUSED;
    }
    if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("timed out")) {
      return TcpOutcome.TIMED_OUT;
    }
    return TcpOutcome.FAILED;
  }
}

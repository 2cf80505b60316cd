package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.udp.UdpFlow;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.udp.UdpPeer;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.netstack.wire.Icmp;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Relays each UDP flow through a datagram socket of its own on the host, connected to the
 * destination, so that its replies (and ICMP refusals) come back to the flow.
 */
public final class UdpRelay implements UdpForwarder {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final EventLoop loop;
  private final Destinations destinations;
  private final Consumer<UdpFlowRecord> flowEnded;
  private final TargetResolver targets;
  private final FlowErrors errors;
  private final FlowOwners owners;
  private final Function<String, String> dnsNames;

  /**
   * @param targets resolves a destination given as a name
   * @param errors told of flows htapod could not relay
   * @param owners finds the process behind each flow
   * @param dnsNames the name the command's DNS lookups last gave for an address (as text), or null
   */
  public UdpRelay(EventLoop loop, Destinations destinations, Consumer<UdpFlowRecord> flowEnded, TargetResolver targets,
      FlowErrors errors, FlowOwners owners, Function<String, String> dnsNames) {
    this.loop = loop;
    this.owners = owners;
    this.dnsNames = dnsNames;
    this.errors = errors;
    this.targets = targets;
    this.destinations = destinations;
    this.flowEnded = flowEnded;
  }

  /** Relays {@code flow} where the command sent it (after --map). */
  @Override
  public void open(UdpFlow flow) {
    FlowKey key = flow.key();
    open(flow, destinations.outward(key.server(), key.serverPort()));
  }

  /** Relays {@code flow} to {@code target}; a target given as a name is resolved first. */
  public void open(UdpFlow flow, InetSocketAddress target) {
    String dnsName = dnsNames.apply(flow.key().server().toString()); // as looked up before the flow began
    CompletableFuture<ProcessInfo> owner = owners.udp(flow.key()); // while the command's socket is sure to exist
    targets.resolve(target).addListener(resolved -> {
      if (!flow.isOpen()) {
        return; // ended while the name was resolved
      }
      if (resolved.isSuccess()) {
        connect(flow, owner, dnsName, (InetSocketAddress) resolved.getNow());
      } else {
        LOG.log(Level.DEBUG, "resolving {0} for {1} failed: {2}", target.getHostString(), flow.key(), resolved.cause());
        flow.unreachable(Icmp.Unreachable.HOST);
      }
    });
  }

  private void connect(UdpFlow flow, CompletableFuture<ProcessInfo> owner, String dnsName, InetSocketAddress target) {
    RelayedUdp relayed = new RelayedUdp(flow, owner, dnsName, target);
    ChannelFuture connect =
        new Bootstrap().group(loop).channel(EpollDatagramChannel.class).handler(relayed).connect(target);
    OnLoop.whenDone(connect, loop, done -> {
      if (done.isSuccess()) {
        relayed.channel = done.channel();
        flow.attach(relayed);
      } else if (SocketFailure.noRoute(done.cause())) {
        flow.unreachable(Icmp.Unreachable.NETWORK);
      } else {
        errors.report(AddressText.withPort(target.getAddress(), target.getPort()),
            "could not open a socket for the flow: " + SocketFailure.reason(done.cause()), owner);
        flow.unreachable(Icmp.Unreachable.HOST);
      }
    });
  }

  private final class RelayedUdp extends ChannelInboundHandlerAdapter implements UdpPeer {
    private final UdpFlow flow;
    private final CompletableFuture<ProcessInfo> owner;
    private final String name;
    private final InetSocketAddress target;
    private Channel channel;

    RelayedUdp(UdpFlow flow, CompletableFuture<ProcessInfo> owner, String name, InetSocketAddress target) {
      this.flow = flow;
      this.owner = owner;
      this.name = name;
      this.target = target;
    }

    @Override
    public void datagram(ByteBuf data) {
      channel.writeAndFlush(new DatagramPacket(data, target), channel.voidPromise());
    }

    @Override
    public void closed() {
      if (channel != null) {
        channel.close();
      }
      flowEnded.accept(new UdpFlowRecord(flow.key(), owner, name, target, flow.datagramsOut(), flow.datagramsIn(),
          flow.bytesOut(), flow.bytesIn(), System.nanoTime() - flow.openedAt()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      flow.reply(((DatagramPacket) message).content());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      flow.unreachable(cause instanceof PortUnreachableException ? Icmp.Unreachable.PORT : Icmp.Unreachable.HOST);
    }
  }
}

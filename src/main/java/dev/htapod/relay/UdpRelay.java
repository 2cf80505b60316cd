package dev.htapod.relay;

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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
  private final BiConsumer<String, String> errors;

  /**
   * @param targets resolves a destination given as a name
   * @param errors told of flows htapod could not relay: subject (address and port), reason
   */
  public UdpRelay(EventLoop loop, Destinations destinations, Consumer<UdpFlowRecord> flowEnded, TargetResolver targets,
      BiConsumer<String, String> errors) {
    this.loop = loop;
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
    targets.resolve(target).addListener(resolved -> {
      if (!flow.isOpen()) {
        return; // ended while the name was resolved
      }
      if (resolved.isSuccess()) {
        connect(flow, (InetSocketAddress) resolved.getNow());
      } else {
        LOG.log(Level.DEBUG, "resolving {0} for {1} failed: {2}", target.getHostString(), flow.key(), resolved.cause());
        flow.unreachable(Icmp.Unreachable.HOST);
      }
    });
  }

  private void connect(UdpFlow flow, InetSocketAddress target) {
    RelayedUdp relayed = new RelayedUdp(flow, target);
    ChannelFuture connect =
        new Bootstrap().group(loop).channel(EpollDatagramChannel.class).handler(relayed).connect(target);
    OnLoop.whenDone(connect, loop, done -> {
      if (done.isSuccess()) {
        relayed.channel = done.channel();
        flow.attach(relayed);
      } else if (SocketFailure.noRoute(done.cause())) {
        flow.unreachable(Icmp.Unreachable.NETWORK);
      } else {
        errors.accept(AddressText.withPort(target.getAddress(), target.getPort()),
            "could not open a socket for the flow: " + SocketFailure.reason(done.cause()));
        flow.unreachable(Icmp.Unreachable.HOST);
      }
    });
  }

  private final class RelayedUdp extends ChannelInboundHandlerAdapter implements UdpPeer {
    private final UdpFlow flow;
    private final InetSocketAddress target;
    private Channel channel;

    RelayedUdp(UdpFlow flow, InetSocketAddress target) {
      this.flow = flow;
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
      flowEnded.accept(new UdpFlowRecord(flow.key(), target, flow.datagramsOut(), flow.datagramsIn(),
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

package dev.htapod.relay;

import dev.htapod.namespace.PingSocket;
import dev.htapod.netstack.icmp.EchoFlow;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.icmp.EchoPeer;
import dev.htapod.netstack.wire.IpAddress;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEventLoop;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Relays each ping of the command (an echo flow: one identifier, one destination) through an ICMP
 * socket of its own on the host, to the destination after the address mapping.
 *
 * <p>One socket per flow rather than per destination: the kernel gives each socket an identifier
 * of its own and writes it into every request, so two pings of one destination sharing a socket
 * (two ping processes, each counting its sequence numbers from 1) would get replies that cannot be
 * told apart. With a socket per flow every reply it receives belongs to that flow, and the
 * command's identifier is all there is to restore.
 */
public final class PingRelay implements EchoForwarder {
  private final IoEventLoop loop;
  private final ByteBufAllocator allocator;
  private final Destinations destinations;
  private final Consumer<EchoFlowRecord> flowEnded;
  private final BiConsumer<IpAddress, String> notRelayed;

  /**
   * @param notRelayed told of each flow whose socket the host refused: the address the command
   *     pinged, and why (for want of net.ipv4.ping_group_range, most often)
   */
  public PingRelay(IoEventLoop loop, ByteBufAllocator allocator, Destinations destinations,
      Consumer<EchoFlowRecord> flowEnded, BiConsumer<IpAddress, String> notRelayed) {
    this.loop = loop;
    this.allocator = allocator;
    this.destinations = destinations;
    this.flowEnded = flowEnded;
    this.notRelayed = notRelayed;
  }

  @Override
  public EchoPeer open(EchoFlow flow) {
    InetAddress target = destinations.outward(flow.key().server());
    PingSocket socket;
    try {
      socket = PingSocket.open(target instanceof Inet6Address);
    } catch (IOException e) {
      notRelayed.accept(flow.key().server(), e.getMessage());
      return null;
    }
    RelayedPing relayed = new RelayedPing(flow, socket, target, allocator, flowEnded);
    relayed.register(loop);
    return relayed;
  }
}

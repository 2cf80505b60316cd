package dev.htapod.engine;

import dev.htapod.netstack.NetworkStack;
import dev.htapod.netstack.PacketSink;
import dev.htapod.netstack.Timers;
import dev.htapod.netstack.icmp.EchoFlows;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.tcp.TcpDemux;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpFlows;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.PacketBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The network stack of one run, assembled; used only on its event loop. */
final class Stack {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** UDP flows and relayed pings end after this long without traffic either way. */
  static final long IDLE = TimeUnit.SECONDS.toNanos(60);

  private final NetworkStack network;
  private final TcpDemux tcp;
  private final UdpFlows udp;
  private final EchoFlows echoes;
  private final Drops drops = new Drops();

  Stack(PacketSink sink, ByteBufAllocator allocator, Timers timers, TcpForwarder tcpForwarder,
      UdpForwarder udpForwarder, EchoForwarder echoForwarder, Set<IpAddress> gateways, int mtu, UdpTap udpTap) {
    PacketBuilder builder = new PacketBuilder(allocator);
    this.tcp = new TcpDemux(sink, builder, tcpForwarder, timers, drops, mtu);
    this.udp = new UdpFlows(sink, builder, udpForwarder, timers, IDLE, udpTap);
    this.echoes = new EchoFlows(sink, builder, echoForwarder, timers, IDLE);
    this.network = new NetworkStack(tcp, udp, echoes, sink, builder, gateways, drops);
  }

  /** One packet from the device; ownership passes here. */
  void receive(ByteBuf packet) {
    try {
      network.receive(packet);
    } catch (Exception bug) { // Netty can rethrow checked exceptions unchecked
      // One packet's failure must not take the others, or the loop, with it.
      LOG.log(Level.ERROR, "packet handling failed: " + bug, bug);
    }
  }

  /** The end of a batch of packets: the ACKs they earned. */
  void flush() {
    try {
      network.flush();
    } catch (Exception bug) { // as in receive
      LOG.log(Level.ERROR, "ending a batch of packets failed: " + bug, bug);
    }
  }

  /** Ends every flow, as when the command has exited. */
  void close() {
    tcp.endAll();
    udp.closeAll();
    echoes.closeAll();
  }

  Drops drops() {
    return drops;
  }
}

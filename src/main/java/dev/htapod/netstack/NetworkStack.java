package dev.htapod.netstack;

import dev.htapod.netstack.tcp.TcpDemux;
import dev.htapod.netstack.udp.UdpFlows;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.PacketBuilder;
import dev.htapod.netstack.wire.TcpSegment;
import dev.htapod.netstack.wire.UdpDatagram;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes each packet the command sends, validates it, and hands it to TCP, UDP or ICMP. Packets
 * that are malformed or of no interest are dropped and counted, never thrown.
 */
public final class NetworkStack {
  private final TcpDemux tcp;
  private final UdpFlows udp;
  private final PacketSink sink;
  private final PacketBuilder builder;
  private final Set<IpAddress> gateways;
  private final Drops drops;
  private final Consumer<IpAddress> echoElsewhere;

  /**
   * @param echoElsewhere told of each echo request (ping) to a host other than the gateway
   */
  public NetworkStack(TcpDemux tcp, UdpFlows udp, PacketSink sink, PacketBuilder builder, Set<IpAddress> gateways,
      Drops drops, Consumer<IpAddress> echoElsewhere) {
    this.tcp = tcp;
    this.udp = udp;
    this.sink = sink;
    this.builder = builder;
    this.gateways = Set.copyOf(gateways);
    this.drops = drops;
    this.echoElsewhere = echoElsewhere;
  }

  /** One packet read from the device (virtio header first); ownership passes here. */
  public void receive(ByteBuf packet) {
    try {
      int start = packet.readerIndex();
      if (packet.readableBytes() < VirtioHeader.LENGTH) {
        drops.drop(Drops.Reason.TRUNCATED);
        return;
      }
      boolean trusted = VirtioHeader.checksumTrusted(packet, start);
      IpPacket ip = IpPacket.parse(packet, start + VirtioHeader.LENGTH, packet.writerIndex(), drops);
      if (ip == null) {
        return;
      }
      switch (ip.protocol()) {
        case IpPacket.TCP -> {
          TcpSegment segment = TcpSegment.parse(packet, ip, trusted, drops);
          if (segment != null) {
            tcp.receive(ip, segment, packet);
          }
        }
        case IpPacket.UDP -> {
          UdpDatagram datagram = UdpDatagram.parse(packet, ip, trusted, drops);
          if (datagram != null) {
            udp.receive(ip, datagram, packet);
          }
        }
        case IpPacket.ICMP, IpPacket.ICMPV6 -> icmp(ip, packet);
        default -> drops.drop(Drops.Reason.UNSUPPORTED);
      }
    } finally {
      packet.release();
    }
  }

  /** The end of a batch of packets: send the ACKs they earned. */
  public void flush() {
    tcp.flush();
  }

  public Drops drops() {
    return drops;
  }

  /**
   * Echo requests to the gateway are answered here; those to other hosts go to {@code
   * echoElsewhere}; other ICMP from the command is dropped.
   */
  private void icmp(IpPacket ip, ByteBuf packet) {
    if (ip.payloadLength() < 8) {
      drops.drop(Drops.Reason.TRUNCATED);
      return;
    }
    int type = packet.getUnsignedByte(ip.payloadOffset());
    boolean echo = type == (ip.v6() ? Icmp.V6_ECHO_REQUEST : Icmp.V4_ECHO_REQUEST);
    if (!echo) {
      drops.drop(Drops.Reason.UNSUPPORTED);
    } else if (gateways.contains(ip.destination())) {
      sink.send(builder.echoReply(ip, packet), null);
    } else {
      echoElsewhere.accept(ip.destination());
    }
  }
}

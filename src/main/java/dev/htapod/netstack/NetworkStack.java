package dev.htapod.netstack;

import dev.htapod.netstack.icmp.EchoFlows;
import dev.htapod.netstack.tcp.TcpDemux;
import dev.htapod.netstack.udp.UdpFlows;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.EchoRequest;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.PacketBuilder;
import dev.htapod.netstack.wire.TcpSegment;
import dev.htapod.netstack.wire.UdpDatagram;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import java.util.Set;

/**
 * Takes each packet the command sends, validates it, and hands it to TCP, UDP or ICMP. Packets
 * that are malformed or of no interest are dropped and counted, never thrown.
 */
public final class NetworkStack {
  private final TcpDemux tcp;
  private final UdpFlows udp;
  private final EchoFlows echoes;
  private final PacketSink sink;
  private final PacketBuilder builder;
  private final Set<IpAddress> gateways;
  private final Drops drops;

  /**
   * @param echoes where echo requests (pings) to hosts other than the gateway go
   */
  public NetworkStack(TcpDemux tcp, UdpFlows udp, EchoFlows echoes, PacketSink sink, PacketBuilder builder,
      Set<IpAddress> gateways, Drops drops) {
    this.tcp = tcp;
    this.udp = udp;
    this.echoes = echoes;
    this.sink = sink;
    this.builder = builder;
    this.gateways = Set.copyOf(gateways);
    this.drops = drops;
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
        case IpPacket.ICMP, IpPacket.ICMPV6 -> icmp(ip, packet, trusted);
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
   * Echo requests to the gateway are answered here (it stands for the host's loopback, which
   * always answers); those to other hosts go to the echo flows; other ICMP from the command is
   * dropped.
   */
  private void icmp(IpPacket ip, ByteBuf packet, boolean trusted) {
    EchoRequest echo = EchoRequest.parse(packet, ip, trusted, drops);
    if (echo == null) {
      return;
    }
    if (gateways.contains(ip.destination())) {
      sink.send(builder.echoReply(ip, packet), null);
    } else {
      echoes.receive(ip, echo, packet);
    }
  }
}

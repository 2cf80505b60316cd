package dev.htapod.netstack;

import dev.htapod.netstack.wire.Checksum;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.PacketBuilder;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.TcpSegment;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Packets the command sends on one flow, virtio header first, as the TUN device delivers them. The
 * stack's own {@link PacketBuilder} writes them with the addresses swapped; its NEEDS_CSUM header
 * is what the kernel inside sends too, so the stack takes the checksums on trust.
 */
public record ClientPackets(PacketBuilder builder, IpAddress client, int clientPort, IpAddress server, int serverPort) {

  public ByteBuf tcp(int seq, int ack, int flags, int window, byte[] data) {
    ByteBuf headers = builder.tcp(client, clientPort, server, serverPort, seq, ack, flags, window, -1, -1, data.length);
    ByteBuf packet = headers.alloc().directBuffer(headers.readableBytes() + data.length).writeBytes(headers).writeBytes(data);
    headers.release(); // a header buffer has room for headers only
    return packet;
  }

  /** A SYN; {@code mss} and {@code windowScale} are left out when -1. */
  public ByteBuf syn(int isn, int window, int mss, int windowScale) {
    return builder.tcp(client, clientPort, server, serverPort, isn, 0, TcpSegment.SYN, window, mss, windowScale, 0);
  }

  public ByteBuf udp(byte[] data) {
    return builder.udp(client, clientPort, server, serverPort, Unpooled.wrappedBuffer(data));
  }

  /** An echo request to the server address, identifier and sequence number zero. */
  public ByteBuf echoRequest(byte[] data) {
    return echoRequest(0, 0, data);
  }

  /**
   * An echo request to the server address. An ICMP error message has the layout of an echo request
   * with identifier and sequence number zero, so the builder's icmpError writes one; the two are
   * then filled in and the checksum made again.
   */
  public ByteBuf echoRequest(int identifier, int sequence, byte[] data) {
    ByteBuf packet = builder.icmpError(client, server, Unpooled.wrappedBuffer(data), Icmp.echoRequest(client.v6()), 0);
    int icmp = VirtioHeader.LENGTH + (client.v6() ? IpPacket.IPV6_HEADER : IpPacket.IPV4_HEADER);
    int length = packet.writerIndex() - icmp;
    packet.setShort(icmp + 2, 0);
    packet.setShort(icmp + 4, identifier);
    packet.setShort(icmp + 6, sequence);
    long pseudo = client.v6() ? Checksum.pseudoHeader(client, server, IpPacket.ICMPV6, length) : 0;
    packet.setShort(icmp + 2, Checksum.finish(Checksum.add(pseudo, packet, icmp, length)));
    return packet;
  }
}

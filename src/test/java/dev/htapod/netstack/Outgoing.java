package dev.htapod.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.TcpSegment;
import dev.htapod.netstack.wire.UdpDatagram;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * A packet the stack sent to the command, as the kernel inside would take it: a partial checksum
 * completed as the virtio header asks, every checksum verified by {@link ReferenceChecksum}, then
 * parsed. A packet that fails any of that fails the test that caused it.
 *
 * @param bytes the whole packet, virtio header first, checksum completed
 * @param tcp the segment, or null
 * @param udp the datagram, or null
 */
public record Outgoing(byte[] bytes, IpPacket ip, TcpSegment tcp, UdpDatagram udp) {

  public static Outgoing of(byte[] bytes) {
    byte[] packet = bytes.clone();
    completeChecksum(packet);
    int ipStart = VirtioHeader.LENGTH;
    boolean v6 = (packet[ipStart] & 0xf0) == 0x60;
    if (!v6) {
      assertThat(ReferenceChecksum.ipv4HeaderVerifies(packet, ipStart)).as("IPv4 header checksum").isTrue();
    }
    assertThat(ReferenceChecksum.transportVerifies(packet, ipStart)).as("transport checksum").isTrue();

    ByteBuf buf = Unpooled.wrappedBuffer(packet);
    Drops drops = new Drops();
    IpPacket ip = IpPacket.parse(buf, ipStart, packet.length, drops);
    assertThat(ip).as("IP header (drops: %s)", drops).isNotNull();
    assertThat(ip.end()).as("IP length").isEqualTo(packet.length);
    TcpSegment tcp = ip.protocol() == IpPacket.TCP ? TcpSegment.parse(buf, ip, false, drops) : null;
    UdpDatagram udp = ip.protocol() == IpPacket.UDP ? UdpDatagram.parse(buf, ip, false, drops) : null;
    assertThat(drops.total()).as("drops: %s", drops).isZero();
    return new Outgoing(packet, ip, tcp, udp);
  }

  /** What the segment or datagram carries, or for ICMP the whole message. */
  public byte[] payload() {
    if (tcp != null) {
      return Arrays.copyOfRange(bytes, tcp.dataOffset(), tcp.dataOffset() + tcp.dataLength());
    }
    if (udp != null) {
      return Arrays.copyOfRange(bytes, udp.dataOffset(), udp.dataOffset() + udp.dataLength());
    }
    return Arrays.copyOfRange(bytes, ip.payloadOffset(), ip.end());
  }

  public int icmpType() {
    return bytes[ip.payloadOffset()] & 0xff;
  }

  public int icmpCode() {
    return bytes[ip.payloadOffset() + 1] & 0xff;
  }

  /** The packet an ICMP error quotes, from its IP header on. */
  public byte[] icmpQuote() {
    return Arrays.copyOfRange(bytes, ip.payloadOffset() + 8, ip.end());
  }

  public boolean has(int tcpFlag) {
    return tcp != null && tcp.has(tcpFlag);
  }

  /** Does the kernel's part for NEEDS_CSUM: sum from csum_start to the end, store at csum_offset. */
  private static void completeChecksum(byte[] packet) {
    if ((packet[0] & VirtioHeader.NEEDS_CSUM) == 0) {
      return;
    }
    int start = VirtioHeader.LENGTH + littleEndian16(packet, 6);
    int field = start + littleEndian16(packet, 8);
    int checksum = ReferenceChecksum.checksum(ReferenceChecksum.sum(packet, start, packet.length));
    packet[field] = (byte) (checksum >>> 8);
    packet[field + 1] = (byte) checksum;
  }

  private static int littleEndian16(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff) | ((bytes[offset + 1] & 0xff) << 8);
  }
}

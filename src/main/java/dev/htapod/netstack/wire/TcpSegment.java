package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/**
 * A TCP segment's header (RFC 9293 3.1), validated, with the options we use from a SYN.
 *
 * @param dataOffset absolute offset of the payload in the buffer
 * @param mss the MSS option, or -1
 * @param windowScale the window scale option (RFC 7323 2), or -1
 */
public record TcpSegment(
    int sourcePort,
    int destinationPort,
    int seq,
    int ack,
    int flags,
    int window,
    int dataOffset,
    int dataLength,
    int mss,
    int windowScale) {

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int HEADER = 20;
  /** Offset of the checksum field in the TCP header. */
  public static final int CHECKSUM_OFFSET = 16;

  /** Parses the segment that is {@code ip}'s payload; null when it is to be dropped. */
  public static TcpSegment parse(ByteBuf buf, IpPacket ip, boolean checksumTrusted, Drops drops) {
    int offset = ip.payloadOffset();
    int length = ip.payloadLength();
    if (length < HEADER) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    int headerLength = (buf.getUnsignedByte(offset + 12) >>> 4) * 4;
    if (headerLength < HEADER || headerLength > length) {
      return drops.drop(Drops.Reason.TRUNCATED);
    }
    if (!checksumTrusted && !Checksum.verifies(Checksum.add(ip.pseudoHeaderSum(), buf, offset, length))) {
      return drops.drop(Drops.Reason.BAD_CHECKSUM);
    }
    int flags = buf.getUnsignedByte(offset + 13);
    int mss = -1;
    int windowScale = -1;
    if ((flags & SYN) != 0) {
      for (int i = offset + HEADER; i < offset + headerLength; ) {
        int kind = buf.getUnsignedByte(i);
        if (kind == 0) {
          break;
        }
        if (kind == 1) {
          i++;
          continue;
        }
        int optionLength = i + 1 < offset + headerLength ? buf.getUnsignedByte(i + 1) : 0;
        if (optionLength < 2 || i + optionLength > offset + headerLength) {
          break; // malformed options: use none of the rest
        }
        if (kind == 2 && optionLength == 4) {
          mss = buf.getUnsignedShort(i + 2);
        } else if (kind == 3 && optionLength == 3) {
          windowScale = Math.min(buf.getUnsignedByte(i + 2), 14); // RFC 7323 2.3
        }
        i += optionLength;
      }
    }
    return new TcpSegment(
        buf.getUnsignedShort(offset),
        buf.getUnsignedShort(offset + 2),
        buf.getInt(offset + 4),
        buf.getInt(offset + 8),
        flags,
        buf.getUnsignedShort(offset + 14),
        offset + headerLength,
        length - headerLength,
        mss,
        windowScale);
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Sequence space the segment occupies: its data, plus one each for SYN and FIN. */
  public int sequenceLength() {
    return dataLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
  }
}

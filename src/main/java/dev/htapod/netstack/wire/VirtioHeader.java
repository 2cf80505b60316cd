package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;

/**
 * The virtio_net_hdr that starts every packet on the TUN device (IFF_VNET_HDR): whether the
 * checksum still has to be computed, and TSO details. Its fields are little-endian on x86.
 */
public final class VirtioHeader {
  /** Bytes before the IP header. */
  public static final int LENGTH = 10;

  /** The checksum field holds only the pseudo-header sum; the rest is left to the receiver. */
  public static final int NEEDS_CSUM = 1;

  /** The sender vouches for the checksum. */
  public static final int DATA_VALID = 2;

  private VirtioHeader() {}

  public static int flags(ByteBuf packet, int offset) {
    return packet.getUnsignedByte(offset);
  }

  /**
   * True when the packet came from the kernel inside with a checksum it never computed or already
   * verified: there is nothing for us to check.
   */
  public static boolean checksumTrusted(ByteBuf packet, int offset) {
    return (flags(packet, offset) & (NEEDS_CSUM | DATA_VALID)) != 0;
  }

  /** A header for a packet whose transport checksum is left partial at {@code checksumStart}. */
  public static void writePartialChecksum(ByteBuf packet, int offset, int checksumStart, int checksumOffset) {
    packet.setByte(offset, NEEDS_CSUM);
    packet.setByte(offset + 1, 0);
    packet.setShortLE(offset + 2, 0);
    packet.setShortLE(offset + 4, 0);
    packet.setShortLE(offset + 6, checksumStart);
    packet.setShortLE(offset + 8, checksumOffset);
  }

  /** A header for a packet that is complete as it is. */
  public static void writePlain(ByteBuf packet, int offset) {
    packet.setZero(offset, LENGTH);
  }
}

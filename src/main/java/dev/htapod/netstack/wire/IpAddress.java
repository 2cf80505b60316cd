package dev.htapod.netstack.wire;

import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as two longs, cheap to compare and hash. IPv4 addresses live in the low
 * 32 bits of {@code low}.
 */
public record IpAddress(boolean v6, long high, long low) {
  public static final IpAddress LOOPBACK4 = new IpAddress(false, 0, 0x7f000001L);
  public static final IpAddress LOOPBACK6 = new IpAddress(true, 0, 1);

  public static IpAddress read(ByteBuf buf, int offset, boolean v6) {
    return v6
        ? new IpAddress(true, buf.getLong(offset), buf.getLong(offset + 8))
        : new IpAddress(false, 0, buf.getUnsignedInt(offset));
  }

  public static IpAddress of(InetAddress address) {
    byte[] bytes = address.getAddress();
    long high = 0;
    long low = 0;
    if (bytes.length == 4) {
      for (byte b : bytes) {
        low = (low << 8) | (b & 0xff);
      }
      return new IpAddress(false, 0, low);
    }
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new IpAddress(true, high, low);
  }

  /** Bytes on the wire: 4 or 16. */
  public int length() {
    return v6 ? 16 : 4;
  }

  public void write(ByteBuf buf, int offset) {
    if (v6) {
      buf.setLong(offset, high);
      buf.setLong(offset + 8, low);
    } else {
      buf.setInt(offset, (int) low);
    }
  }

  /** This address's share of a pseudo-header checksum. */
  long sum() {
    long s = (low >>> 48) + ((low >>> 32) & 0xffff) + ((low >>> 16) & 0xffff) + (low & 0xffff);
    if (v6) {
      s += (high >>> 48) + ((high >>> 32) & 0xffff) + ((high >>> 16) & 0xffff) + (high & 0xffff);
    }
    return s;
  }

  public InetAddress toInetAddress() {
    byte[] bytes = new byte[length()];
    long value = low;
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (i == 7) {
        value = high;
      }
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    try {
      return v6 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  // Written out: a record's own equals and hashCode run through method handles, which only C2
  // compiles well (scripts/htapod runs C1), and addresses are compared for every packet.
  @Override
  public boolean equals(Object other) {
    return other instanceof IpAddress address && v6 == address.v6 && high == address.high && low == address.low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high * 31 + low) + (v6 ? 1 : 0);
  }

  @Override
  public String toString() {
    return AddressText.of(toInetAddress());
  }
}

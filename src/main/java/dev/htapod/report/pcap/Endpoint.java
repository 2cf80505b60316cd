package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * An address and port as they go into a synthesized packet's headers. A class rather than a
 * record: it keeps the address's bytes, and their share of the checksum pseudo-header, worked
 * out once per connection instead of once per packet.
 */
public final class Endpoint {
  private final InetSocketAddress socket;
  private final byte[] address;
  private final long addressSum;

  private Endpoint(InetSocketAddress socket) {
    this.socket = socket;
    this.address = socket.getAddress().getAddress();
    this.addressSum = InternetChecksum.add(0, address);
  }

  /** The endpoint of a resolved socket address; an unresolved one has no address to write. */
  public static Endpoint of(InetSocketAddress socket) {
    if (socket.getAddress() == null) {
      throw new IllegalArgumentException("unresolved address " + socket);
    }
    return new Endpoint(socket);
  }

  /** Checks that {@code a} and {@code b} can share a packet: one IP version for both. */
  public static void requireSameFamily(Endpoint a, Endpoint b) {
    if (a.v6() != b.v6()) {
      throw new IllegalArgumentException("one packet cannot go from " + a + " to " + b);
    }
  }

  public boolean v6() {
    return address.length == 16;
  }

  public int port() {
    return socket.getPort();
  }

  void writeAddress(ByteBuf out) {
    out.writeBytes(address);
  }

  /** The address's 16-bit words summed, for the TCP and UDP pseudo-header. */
  long addressSum() {
    return addressSum;
  }

  @Override
  public String toString() {
    return socket.toString();
  }
}

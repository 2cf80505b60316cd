package dev.htapod.namespace;

import dev.htapod.netstack.wire.AddressText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How the TUN device inside the namespace is set up: its name, MTU and queue length, and for each
 * IP version an address, a prefix length and the gateway the default route goes through. {@code
 * address6} is null when IPv6 stays unconfigured.
 */
public record NetworkPlan(
    String interfaceName,
    int mtu,
    int txQueueLength,
    Inet4Address address4,
    int prefix4,
    Inet4Address gateway4,
    Inet6Address address6,
    int prefix6,
    Inet6Address gateway6) {

  /** A large MTU lets the kernel inside hand over big TCP segments: fewer packets to handle. */
  public static final int MTU = 65520;

  /** The kernel's default of 500 packets overflows in bursts when the reader is descheduled. */
  public static final int TX_QUEUE_LENGTH = 10_000;

  public NetworkPlan {
    if (interfaceName.isEmpty() || interfaceName.length() > 15) {
      throw new IllegalArgumentException("interface name must have 1 to 15 characters");
    }
    if (prefix4 < 0 || prefix4 > 32 || prefix6 < 0 || prefix6 > 128) {
      throw new IllegalArgumentException("prefix length out of range");
    }
  }

  /**
   * The standard layout, as slirp4netns uses it: the command at 10.0.2.100 and fd00::100, the
   * gateway (htapod) at 10.0.2.2 and fd00::2.
   */
  public static NetworkPlan standard(boolean ipv6) {
    return new NetworkPlan(
        "tun0",
        MTU,
        TX_QUEUE_LENGTH,
        v4(10, 0, 2, 100),
        24,
        v4(10, 0, 2, 2),
        ipv6 ? v6(0x100) : null,
        64,
        ipv6 ? v6(0x2) : null);
  }

  /** "tun0 at 10.0.2.100 and fd00::100, gateway 10.0.2.2 and fd00::2, MTU 65520". */
  public String describe() {
    String at = AddressText.of(address4) + (address6 == null ? "" : " and " + AddressText.of(address6));
    String via = AddressText.of(gateway4) + (gateway6 == null ? "" : " and " + AddressText.of(gateway6));
    return interfaceName + " at " + at + ", gateway " + via + ", MTU " + mtu;
  }

  private static Inet4Address v4(int a, int b, int c, int d) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** An address in fd00::/64 with the given last 16 bits. */
  private static Inet6Address v6(int last) {
    byte[] bytes = new byte[16];
    bytes[0] = (byte) 0xfd;
    bytes[14] = (byte) (last >> 8);
    bytes[15] = (byte) last;
    try {
      return (Inet6Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

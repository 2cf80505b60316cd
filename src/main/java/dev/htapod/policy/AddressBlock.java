package dev.htapod.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a lone
 * address is a block of one ({@code /32}, {@code /128}). Host bits after the prefix are ignored,
 * as ip(8) does, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 */
public record AddressBlock(InetAddress network, int prefixLength) {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public AddressBlock {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("the prefix length must be 0 to " + bits);
    }
    network = masked(network, prefixLength);
  }

  /** ADDR or ADDR/BITS, literal addresses only; a malformed one throws, saying why. */
  static AddressBlock parse(String text) {
    int slash = text.indexOf('/');
    InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + (slash < 0 ? text : text.substring(0, slash)) + "' is not an IP address");
    }
    int bits = address.getAddress().length * 8;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("[0-9]{1,3}")) {
        throw new IllegalArgumentException("the prefix length must be 0 to " + bits);
      }
      bits = Integer.parseInt(length);
    }
    return new AddressBlock(address, bits);
  }

  /** Whether {@code text} is written as an IP address (a malformed one too), not as a name. */
  static boolean looksLikeAddress(String text) {
    return text.matches("[0-9.]+(/.*)?") || text.indexOf(':') >= 0;
  }

  /** An IPv4 dotted quad or an IPv6 literal, or null: nothing is ever looked up. */
  static InetAddress literal(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    if (v4 ? !octetsInRange(text) : !IPV6.matcher(text).matches()) {
      return null; // and never handed to InetAddress, which would look a bad quad up as a name
    }
    try {
      return InetAddress.getByName(text); // a literal: parsed, never resolved
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean octetsInRange(String quad) {
    for (String octet : quad.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] prefix = network.getAddress();
    if (candidate.length != prefix.length) {
      return false;
    }
    return masked(address, prefixLength).equals(network);
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xff00 >> keep);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four or sixteen bytes: cannot happen
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}

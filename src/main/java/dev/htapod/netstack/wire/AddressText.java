package dev.htapod.netstack.wire;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as people write them: IPv6 in the short form of RFC 5952 ("fd00::2"). */
public final class AddressText {
  private AddressText() {}

  public static String of(InetAddress address) {
    return address instanceof Inet6Address ? ipv6(address.getAddress()) : address.getHostAddress();
  }

  /** An address and a port, as in a URL: "10.0.2.2:443", "[fd00::2]:443". */
  public static String withPort(InetAddress address, int port) {
    return address instanceof Inet6Address ? "[" + of(address) + "]:" + port : of(address) + ":" + port;
  }

  private static String ipv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952 4.2: the longest run of two or more zero groups, the first when tied, becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
      } else {
        if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }
}

package dev.htapod.http;

import dev.htapod.relay.TappedConnection;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** The full URL of a request, from its target and what the connection tells of the server. */
final class Urls {
  private Urls() {}

  /**
   * @param authority the Host header or {@code :authority}, or null
   * @param target the request target: a path, an absolute URL, or "*"
   */
  static String of(TappedConnection connection, String authority, String target) {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      return target;
    }
    String scheme = connection.decrypted() ? "https" : "http";
    String host = authority != null && !authority.isEmpty() ? authority : fallbackAuthority(connection, scheme);
    return scheme + "://" + host + (target.startsWith("/") ? target : "");
  }

  /** Without a Host header: the SNI or the address the command dialed, with a port unless default. */
  private static String fallbackAuthority(TappedConnection connection, String scheme) {
    InetSocketAddress server = connection.server();
    String host = connection.serverName() != null ? connection.serverName()
        : server.getAddress() instanceof Inet6Address ? "[" + NetUtil.toAddressString(server.getAddress()) + "]"
        : server.getAddress().getHostAddress();
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return server.getPort() == defaultPort ? host : host + ":" + server.getPort();
  }
}

package dev.htapod.netstack.wire;

/** ICMP and ICMPv6 types and codes the stack sends (RFC 792, RFC 4443). */
public final class Icmp {
  public static final int V4_ECHO_REQUEST = 8;
  public static final int V4_ECHO_REPLY = 0;
  public static final int V4_UNREACHABLE = 3;
  public static final int V4_NET_UNREACHABLE = 0;
  public static final int V4_HOST_UNREACHABLE = 1;
  public static final int V4_PORT_UNREACHABLE = 3;
  public static final int V4_ADMIN_PROHIBITED = 13;

  public static final int V6_UNREACHABLE = 1;
  public static final int V6_ECHO_REQUEST = 128;
  public static final int V6_ECHO_REPLY = 129;
  public static final int V6_NO_ROUTE = 0;
  public static final int V6_ADMIN_PROHIBITED = 1;
  public static final int V6_ADDRESS_UNREACHABLE = 3;
  public static final int V6_PORT_UNREACHABLE = 4;

  private Icmp() {}

  public static int echoRequest(boolean v6) {
    return v6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST;
  }

  public static int echoReply(boolean v6) {
    return v6 ? V6_ECHO_REPLY : V4_ECHO_REPLY;
  }

  /** Why a destination cannot be reached, in either version's terms. */
  public enum Unreachable {
    NETWORK(V4_NET_UNREACHABLE, V6_NO_ROUTE),
    HOST(V4_HOST_UNREACHABLE, V6_ADDRESS_UNREACHABLE),
    PORT(V4_PORT_UNREACHABLE, V6_PORT_UNREACHABLE),
    PROHIBITED(V4_ADMIN_PROHIBITED, V6_ADMIN_PROHIBITED);

    private final int v4Code;
    private final int v6Code;

    Unreachable(int v4Code, int v6Code) {
      this.v4Code = v4Code;
      this.v6Code = v6Code;
    }

    public int type(boolean v6) {
      return v6 ? V6_UNREACHABLE : V4_UNREACHABLE;
    }

    public int code(boolean v6) {
      return v6 ? v6Code : v4Code;
    }
  }
}

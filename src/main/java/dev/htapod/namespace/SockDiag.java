package dev.htapod.namespace;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Asks the kernel of one network namespace which socket has a given pair of addresses: an exact
 * {@code SOCK_DIAG_BY_FAMILY} request (sock_diag(7)) over a NETLINK_SOCK_DIAG socket made in that
 * namespace, answered with the socket's inode, the name its descriptors carry in /proc ({@code
 * socket:[INODE]}). Not thread-safe: one thread owns it (see {@link SocketOwnerLookup}).
 *
 * <p>An IPv4 request also finds a dual-stack AF_INET6 socket talking IPv4 (v4-mapped): TCP and UDP
 * keep both kinds in the same tables, and the kernel's IPv4 lookup matches either, so one request
 * per socket is enough.
 */
final class SockDiag implements AutoCloseable {
  /** The transport protocols asked about, with their IP protocol numbers. */
  enum Protocol {
    TCP(6),
    UDP(17);

    final int number;

    Protocol(int number) {
      this.number = number;
    }
  }

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final short SOCK_DIAG_BY_FAMILY = 20;
  private static final short NLM_F_REQUEST = 1;
  private static final int HEADER = 16; // struct nlmsghdr
  private static final int REQUEST = HEADER + 56; // + struct inet_diag_req_v2
  /** Where idiag_inode sits in a reply: the header, then inet_diag_msg's 68 bytes before it. */
  private static final int INODE = HEADER + 68;
  private static final int ALL_STATES = -1;
  private static final int NO_COOKIE = -1; // INET_DIAG_NOCOOKIE, both halves

  private final int fd;
  private final byte[] request = new byte[REQUEST];
  private final ByteBuffer requestView = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
  private final byte[] reply = new byte[256];
  private final ByteBuffer replyView = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
  private int sequence;

  /** Takes over {@code fd}, a NETLINK_SOCK_DIAG socket; {@link #close} closes it. */
  SockDiag(int fd) {
    this.fd = fd;
  }

  /**
   * One for the network namespace of this process, for tests: the run's is opened by its init,
   * inside the run's namespace.
   *
   * @throws IllegalStateException naming why the kernel refused
   */
  static SockDiag openHere() {
    NativeLibrary.ensureLoaded();
    int fd = SockDiagNative.open();
    if (fd < 0) {
      throw new IllegalStateException("socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG): " + Errno.text(-fd));
    }
    return new SockDiag(fd);
  }

  /**
   * The inode of the {@code protocol} socket at {@code local} that talks to (or, for UDP, sent
   * to) {@code remote}, or 0 when the kernel knows none: no such socket, one that has gone (TCP's
   * TIME_WAIT has no inode), or addresses of two families.
   */
  long inode(Protocol protocol, InetSocketAddress local, InetSocketAddress remote) {
    InetAddress localAddress = local.getAddress();
    InetAddress remoteAddress = remote.getAddress();
    int family = familyOf(localAddress);
    if (family == 0 || family != familyOf(remoteAddress)) {
      return 0;
    }
    // The kernel's exact lookup reads the id as a packet would arrive: for TCP the id's source is
    // the local socket (inet_diag_find_one_icsk), for UDP it is the peer (udp_dump_one looks up
    // "saddr" as the sender of a datagram to the socket, a comment there says "for historical
    // reasons"). An unconnected UDP socket matches like a datagram from the peer would.
    boolean localFirst = protocol == Protocol.TCP;
    InetSocketAddress source = localFirst ? local : remote;
    InetSocketAddress destination = localFirst ? remote : local;
    sequence++;
    requestView.clear();
    requestView.putInt(REQUEST).putShort(SOCK_DIAG_BY_FAMILY).putShort(NLM_F_REQUEST).putInt(sequence).putInt(0);
    requestView.put((byte) family).put((byte) protocol.number).put((byte) 0).put((byte) 0).putInt(ALL_STATES);
    requestView.order(ByteOrder.BIG_ENDIAN)
        .putShort((short) source.getPort())
        .putShort((short) destination.getPort())
        .put(padded(source.getAddress()))
        .put(padded(destination.getAddress()));
    requestView.order(ByteOrder.nativeOrder()).putInt(0).putInt(NO_COOKIE).putInt(NO_COOKIE);
    if (SockDiagNative.send(fd, request) != REQUEST) {
      return 0;
    }
    return awaitInode();
  }

  /**
   * Reads replies until the one to this request: its inode, or 0 for an error reply or none. A
   * reply to an earlier request could only be left over after a failed read; it is skipped.
   */
  private long awaitInode() {
    for (;;) {
      int n = SockDiagNative.receive(fd, reply);
      if (n < HEADER) {
        return 0;
      }
      int type = replyView.getShort(4);
      if (replyView.getInt(8) != sequence) {
        continue;
      }
      if (type == SOCK_DIAG_BY_FAMILY && n >= INODE + 4) {
        return Integer.toUnsignedLong(replyView.getInt(INODE));
      }
      return 0; // NLMSG_ERROR: ENOENT when there is no such socket
    }
  }

  private static int familyOf(InetAddress address) {
    if (address instanceof Inet4Address) {
      return AF_INET;
    }
    return address instanceof Inet6Address ? AF_INET6 : 0;
  }

  /** The address in the id's 16 bytes: an IPv4 address first, the rest zero. */
  private static byte[] padded(InetAddress address) {
    byte[] out = new byte[16];
    byte[] bytes = address.getAddress();
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  /** Closes the socket; call once only: a second close could close a reused fd number. */
  @Override
  public void close() {
    SandboxNative.close(fd);
  }
}

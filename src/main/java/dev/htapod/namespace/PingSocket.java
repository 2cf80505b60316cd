package dev.htapod.namespace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ICMP echo socket on the host ({@code SOCK_DGRAM} with {@code IPPROTO_ICMP} or {@code
 * IPPROTO_ICMPV6}), nonblocking: how a process pings without privileges. The kernel gives it an
 * identifier of its own, writes that into each echo request sent (with the checksum) and delivers
 * only the echo replies that carry it; sequence numbers and data pass untouched. Readers wait for
 * it in an event loop's epoll; see {@code native/ping.c}.
 */
public final class PingSocket implements AutoCloseable {
  private static final Path GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");
  private static final Path STATUS = Path.of("/proc/self/status");

  private final boolean v6;
  private int fd;

  private PingSocket(int fd, boolean v6) {
    this.fd = fd;
    this.v6 = v6;
  }

  /**
   * Opens one for IPv4 or IPv6.
   *
   * @throws IOException naming the system call and why it failed, or, when the host does not let
   *     the user's groups open ping sockets, the sysctl that decides it
   */
  public static PingSocket open(boolean v6) throws IOException {
    NativeLibrary.ensureLoaded();
    int fd = PingNative.open(v6);
    if (fd == -Errno.EACCES || fd == -Errno.EPERM) {
      throw new IOException(notAllowed());
    }
    if (fd < 0) {
      String call = v6 ? "socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6)" : "socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)";
      throw new IOException(call + ": " + Errno.text(-fd));
    }
    return new PingSocket(fd, v6);
  }

  public boolean v6() {
    return v6;
  }

  /** The socket's file descriptor, for an event loop to wait on. */
  public int fd() {
    return fd;
  }

  /**
   * Sends one echo request to {@code to} (of this socket's family): {@code length} bytes at {@code
   * message} in native memory, its ICMP header first.
   *
   * @return false when the socket's send buffer is full and the request was dropped, as on a busy
   *     link
   * @throws NoRouteToHostException when the host has no route to {@code to}
   */
  public boolean send(InetAddress to, long message, int length) throws IOException {
    int n = PingNative.send(fd, to.getAddress(), message, length);
    if (n == -Errno.EAGAIN) {
      return false;
    }
    if (n == -Errno.ENETUNREACH || n == -Errno.EHOSTUNREACH) {
      throw new NoRouteToHostException("sendto " + to.getHostAddress() + ": " + Errno.text(-n));
    }
    if (n < 0) {
      throw new IOException("sendto " + to.getHostAddress() + ": " + Errno.text(-n));
    }
    return true;
  }

  /**
   * Receives one echo reply into native memory at {@code buffer}, its ICMP header first; the
   * sender's address goes into the first 4 or 16 bytes of {@code source} (16 long).
   *
   * @return the reply's length, or 0 when none is waiting
   */
  public int receive(long buffer, int capacity, byte[] source) throws IOException {
    int n = PingNative.receive(fd, buffer, capacity, source);
    if (n == -Errno.EAGAIN) {
      return 0;
    }
    if (n < 0) {
      throw new IOException("recvfrom on an ICMP socket: " + Errno.text(-n));
    }
    return n;
  }

  /** Closes the socket; once only, so that a reused fd number is never closed by mistake. */
  @Override
  public void close() {
    if (fd >= 0) {
      SandboxNative.close(fd);
      fd = -1;
    }
  }

  /**
   * Why the kernel refused: the host's net.ipv4.ping_group_range (per network namespace, and the
   * one that governs ICMPv6 too) does not include the user's group. Named with the remedy that
   * systemd distributions apply by default.
   */
  private static String notAllowed() {
    return "the host's net.ipv4.ping_group_range does not include group " + effectiveGroup() + " (it is \""
        + firstLine(GROUP_RANGE).trim().replaceAll("\\s+", " ")
        + "\"; sudo sysctl -w net.ipv4.ping_group_range=\"0 2147483647\" allows every group)";
  }

  /** The effective gid, the one the kernel checks first: the second field of "Gid:". */
  private static String effectiveGroup() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("Gid:")) {
          return line.substring(4).trim().split("\\s+")[1];
        }
      }
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      // fall through: the message still names the sysctl
    }
    return "(unknown)";
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).get(0);
    } catch (IOException | IndexOutOfBoundsException e) {
      return "unreadable";
    }
  }
}

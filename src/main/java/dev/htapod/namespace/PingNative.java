package dev.htapod.namespace;

/** ICMP echo socket natives, bound by libhtapod; see {@code native/ping.c}. */
final class PingNative {
  private PingNative() {}

  static native int open(boolean v6);

  static native int send(int fd, byte[] address, long message, int length);

  static native int receive(int fd, long buffer, int capacity, byte[] source);
}

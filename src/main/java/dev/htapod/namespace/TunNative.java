package dev.htapod.namespace;

/** Packet I/O natives of the TUN fd, bound by libhtapod; see {@code native/tun.c}. */
final class TunNative {
  private TunNative() {}

  static native int read(int fd, long address, int capacity);

  static native int write(
      int fd, long head, int headLength, long first, int firstLength, long second, int secondLength);
}

package dev.htapod.namespace;

import java.nio.ByteBuffer;

/** Packet I/O natives of the TUN fd, bound by libhtapod; see {@code native/tun.c}. */
final class TunNative {
  private TunNative() {}

  static native int read(int fd, ByteBuffer direct, int offset, int capacity);

  static native int write(int fd, ByteBuffer direct, int offset, int length);

  static native int poll(int fd, int wakeFd, int timeoutMillis);

  static native int newEventFd();

  static native int signalEventFd(int fd);
}

package dev.htapod.namespace;

import java.io.IOException;

/**
 * The host's end of the namespace's TUN device: one packet (a virtio_net_hdr, then the IP packet)
 * per read or write, nonblocking, in native memory. Readers wait for it in an event loop's epoll:
 * a thread blocked in read() on a TUN fd is not woken by close().
 */
public final class TunDevice implements AutoCloseable {
  private final int fd;

  TunDevice(int fd) {
    this.fd = fd;
  }

  /**
   * Reads one packet into native memory at {@code address}.
   *
   * @return the packet's length, or 0 when none is waiting
   */
  public int read(long address, int capacity) throws IOException {
    int n = TunNative.read(fd, address, capacity);
    if (n == -Errno.EAGAIN) {
      return 0;
    }
    if (n < 0) {
      throw new IOException("read from the TUN device: " + Errno.text(-n));
    }
    return n;
  }

  /**
   * Writes one packet made of {@code headLength} bytes at {@code head} followed by up to two more
   * pieces (a length of 0 for none).
   */
  public void write(long head, int headLength, long first, int firstLength, long second, int secondLength)
      throws IOException {
    int n = TunNative.write(fd, head, headLength, first, firstLength, second, secondLength);
    if (n < 0) {
      throw new IOException("write to the TUN device: " + Errno.text(-n));
    }
  }

  /** The device's file descriptor, for an event loop to wait on. */
  public int fd() {
    return fd;
  }

  @Override
  public void close() {
    SandboxNative.close(fd);
  }
}

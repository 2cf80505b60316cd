package dev.htapod.namespace;

import dev.htapod.api.HtapodException;
import java.io.IOException;

/**
 * The host's end of the namespace's TUN device: one packet (a virtio_net_hdr, then the IP packet)
 * per read or write, nonblocking, in native memory. A reader waits in {@link #awaitReadable},
 * which {@link #wakeUp} ends, since a thread blocked on a TUN fd is not woken by close().
 */
public final class TunDevice implements AutoCloseable {
  private final int fd;
  private final int wakeFd;

  TunDevice(int fd) {
    this.fd = fd;
    int event = TunNative.newEventFd();
    if (event < 0) {
      SandboxNative.close(fd);
      throw new HtapodException("eventfd failed: " + Errno.text(-event));
    }
    this.wakeFd = event;
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
   * Writes one packet made of {@code headLength} bytes at {@code head} followed by {@code
   * tailLength} bytes at {@code tail} (0 for none).
   */
  public void write(long head, int headLength, long tail, int tailLength) throws IOException {
    int n = TunNative.write(fd, head, headLength, tail, tailLength);
    if (n < 0) {
      throw new IOException("write to the TUN device: " + Errno.text(-n));
    }
  }

  /**
   * Waits until a packet can be read.
   *
   * @return false when {@link #wakeUp} was called or the device is gone
   */
  public boolean awaitReadable(int timeoutMillis) throws IOException {
    int result = TunNative.poll(fd, wakeFd, timeoutMillis);
    if (result < 0) {
      throw new IOException("poll on the TUN device: " + Errno.text(-result));
    }
    return result != 2;
  }

  /** Makes the current and every later {@link #awaitReadable} return false. */
  public void wakeUp() {
    TunNative.signalEventFd(wakeFd);
  }

  @Override
  public void close() {
    SandboxNative.close(fd);
    SandboxNative.close(wakeFd);
  }
}

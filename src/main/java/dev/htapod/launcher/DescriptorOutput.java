package dev.htapod.launcher;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to a descriptor a launcher passed (its stdout or stderr), through the open file the
 * command shares: a file's offset stays one for both. Once {@linkplain #close closed}, writes
 * are dropped: a late message of a run that has ended must not reach a descriptor whose number
 * a later run got.
 */
final class DescriptorOutput extends OutputStream {
  /** Guarded by this. */
  private int fd;

  DescriptorOutput(int fd) {
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (fd < 0) {
      return;
    }
    int written = WarmNative.write(fd, bytes, offset, length);
    if (written < 0) {
      throw new IOException("writing to the launcher's output failed (errno " + -written + ")");
    }
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      WarmNative.close(fd);
      fd = -1;
    }
  }
}

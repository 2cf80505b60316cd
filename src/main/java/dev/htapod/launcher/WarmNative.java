package dev.htapod.launcher;

/**
 * The warm process's system calls (native/warm.c): its lock and socket, the launchers'
 * connections and their frames (native/frames.h), writes to the descriptors a launcher passed.
 * Each returns a value >= 0 or -errno. libhtapod binds them when it loads: {@link
 * WarmServer} has the engine load it first.
 */
final class WarmNative {
  /** Frame types, as native/frames.h has them. */
  static final int RUN = 'R';
  static final int BUSY = 'B';
  static final int SPAWN = 'S';
  static final int SPAWNED = 'P';
  static final int EXITED = 'X';
  static final int END = 'E';
  /** Descriptors a frame carries at most. */
  static final int MAX_FDS = 4;

  private WarmNative() {}

  /** Holds the lock file at {@code path}; its fd, or -EWOULDBLOCK when another process does. */
  static native int lock(byte[] path);

  /** Listens at {@code path} (mode 0600), replacing a stale socket; the socket's fd. */
  static native int listen(byte[] path);

  /** The next connection, or -ETIMEDOUT after {@code timeoutMillis}. */
  static native int accept(int fd, int timeoutMillis);

  static native int peerUid(int fd);

  /**
   * Receives a frame: its type, 0 at the end of the stream, or -errno; {@code payload[0]} gets
   * its bytes and {@code fds} (MAX_FDS long) the descriptors it carried, -1 for none.
   */
  static native int receive(int fd, byte[][] payload, int[] fds);

  /** Sends a frame with {@code fds} (none when null). */
  static native int send(int fd, int type, byte[] payload, int[] fds);

  /** Writes all of the bytes to {@code fd}. */
  static native int write(int fd, byte[] bytes, int offset, int length);

  /** Sets this process's file mode creation mask; the old one. */
  static native int umask(int mask);

  static native int close(int fd);

  /** Gives the C heap's free memory back to the system (malloc_trim); 1 when some was given back. */
  static native int trimNativeHeap();
}

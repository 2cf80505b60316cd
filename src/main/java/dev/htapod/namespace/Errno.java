package dev.htapod.namespace;

/** The Linux errno values the sandbox tells apart. */
final class Errno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int ENETUNREACH = 101;
  static final int EHOSTUNREACH = 113;

  private Errno() {}

  /** The system's text for {@code errno}, e.g. "Permission denied". */
  static String text(int errno) {
    return SandboxNative.errorText(errno);
  }
}

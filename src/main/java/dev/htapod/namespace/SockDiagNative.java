package dev.htapod.namespace;

/** The sock_diag netlink natives, bound by libhtapod; see {@code native/sockdiag.c}. */
final class SockDiagNative {
  private SockDiagNative() {}

  /** A NETLINK_SOCK_DIAG socket in the caller's network namespace (the run's comes from its init). */
  static native int open();

  static native int send(int fd, byte[] request);

  static native int receive(int fd, byte[] reply);
}

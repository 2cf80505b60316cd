package dev.htapod.namespace;

/** The sandbox's natives, bound by libhtapod's {@code JNI_OnLoad}; see {@code native/spawn.c}. */
final class SandboxNative {
  private SandboxNative() {}

  static native int spawn(
      int controlFd,
      byte[][] candidates,
      byte[][] argv,
      byte[][] envOverrides,
      byte[][] mountFields,
      byte[] ifname,
      int[] mtuQueuePrefix4Prefix6,
      byte[] ipv4AddressAndGateway,
      byte[] ipv6AddressAndGateway);

  static native int socketPair(int[] fds);

  static native int receiveReport(int fd, boolean nonblocking, int[] stepErrorFd);

  static native int proceed(int fd);

  static native int waitFor(int pid);

  static native int forwardSignals(int pid);

  static native int close(int fd);

  static native String errorText(int errno);
}

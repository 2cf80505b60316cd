package dev.htapod.namespace;

import dev.htapod.api.HtapodException;

/** Turns a failed set-up step and its errno into the one line a user can act on. */
final class SpawnFailures {
  static final String USERNS_REMEDY =
      "enable unprivileged user namespaces"
          + " (sysctl kernel.unprivileged_userns_clone=1 where it exists,"
          + " user.max_user_namespaces above 0,"
          + " kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu)";

  private SpawnFailures() {}

  /** clone() itself failed: almost always user namespaces being refused. */
  static HtapodException cloneFailed(int errno) {
    return new HtapodException(
        "cannot create a user namespace (" + Errno.text(errno) + "): " + USERNS_REMEDY);
  }

  static HtapodException stepFailed(SpawnStep step, int errno) {
    String error = Errno.text(errno);
    return new HtapodException(
        switch (step) {
          case USER_MAP -> "cannot map your user id into the new user namespace ("
              + error + "): " + USERNS_REMEDY;
          case MOUNTS -> "cannot make mounts private in the new mount namespace (" + error + ")";
          case LOOPBACK -> "cannot bring up the loopback device in the new network namespace ("
              + error + ")";
          case TUN_OPEN -> tunOpenFailed(errno, error);
          case TUN_CREATE -> "cannot create a TUN device (" + error + "): is the tun module loaded?";
          case TUN_CONFIG -> "cannot configure the TUN device (" + error + ")";
          case IPV4 -> "cannot set the IPv4 address and route of the TUN device (" + error + ")";
          case IPV6 -> "cannot set the IPv6 address and route of the TUN device (" + error
              + "): try --no-ipv6";
          case HANDOFF -> "cannot pass the TUN device back to htapod (" + error + ")";
          case FORK -> "cannot start the command's process (" + error + ")";
          case BIND -> "cannot mount htapod's files (resolv.conf, trust stores) inside the mount"
              + " namespace (" + error + ")";
          case STORE -> "cannot mount a tmpfs for htapod's files (resolv.conf, trust stores) inside the"
              + " mount namespace (" + error + "): mounts in user namespaces must be allowed"
              + " (an AppArmor or SELinux policy may forbid them)";
          case READY, EXEC, SOCKETS -> "set-up step " + step + " failed (" + error + ")";
        });
  }

  private static String tunOpenFailed(int errno, String error) {
    if (errno == Errno.ENOENT) {
      return "/dev/net/tun does not exist (" + error + "): load the tun module (sudo modprobe tun)";
    }
    if (errno == Errno.EACCES || errno == Errno.EPERM) {
      return "/dev/net/tun is not accessible from a user namespace (" + error
          + "): it needs mode 0666, as distributions ship it (sudo chmod 0666 /dev/net/tun)";
    }
    return "cannot open /dev/net/tun (" + error + ")";
  }

  /** What a shell would print when exec failed. */
  static String execFailed(String command, int errno) {
    if (errno == Errno.ENOENT && !command.contains("/")) {
      return command + ": command not found";
    }
    return command + ": " + Errno.text(errno);
  }
}

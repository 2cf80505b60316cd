package dev.htapod.relay;

/** Why an outward socket could not be opened or connected, in one line for the report. */
final class SocketFailure {
  private SocketFailure() {}

  /** The innermost cause, as the system said it, with what to do when htapod ran out of files. */
  static String reason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    int prefix = message.indexOf("): "); // Netty's "call(..) failed with error(-N): "
    String said = prefix < 0 ? message : message.substring(prefix + 3);
    if (said.contains("Too many open files")) {
      return said + " (htapod's limit on open files, ulimit -n, is too low for this many connections)";
    }
    return root.getMessage() == null ? root.toString() : said;
  }

  /** Whether the host has no route to the destination: the network's answer, not a failure of ours. */
  static boolean noRoute(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return message.contains("Network is unreachable") || message.contains("No route to host");
  }
}

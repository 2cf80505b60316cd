package dev.htapod.api;

/** How a TCP connection of the command ended, or why it never opened. */
public enum TcpOutcome {
  /** Both sides ended it in order. */
  CLOSED("closed"),
  /** The command reset it (as a client does that closes with bytes unread). */
  RESET_BY_COMMAND("reset by command"),
  /** The destination reset it. */
  RESET_BY_SERVER("reset by server"),
  /**
   * htapod reset it: it could not go on relaying, or the command stopped acknowledging (both come
   * with an error event), or the connection was still open when the command's run ended.
   */
  RESET_BY_HTAPOD("reset by htapod"),
  /** The destination refused it: nothing listens there. */
  REFUSED("refused"),
  /** The destination could not be reached: no route to it, or its name did not resolve. */
  UNREACHABLE("unreachable"),
  /** The destination did not answer htapod's connect within 10 seconds. */
  TIMED_OUT("timed out"),
  /** htapod could not relay it; an error event says why. */
  FAILED("failed");

  private final String text;

  TcpOutcome(String text) {
    this.text = text;
  }

  /** The outcome in a report line: "closed", "timed out". */
  public String text() {
    return text;
  }

  /** Whether the connection was never opened to the destination (and carried no bytes). */
  public boolean neverOpened() {
    return this == REFUSED || this == UNREACHABLE || this == TIMED_OUT || this == FAILED;
  }
}

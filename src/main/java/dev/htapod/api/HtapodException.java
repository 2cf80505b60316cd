package dev.htapod.api;

/**
 * htapod itself could not do its job. The message is one line that names what failed and what to
 * do about it; the command-line tool prints it and exits with status 125.
 */
public class HtapodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, one line naming the subject and the remedy. */
  public HtapodException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public HtapodException(String message, Throwable cause) {
    super(message, cause);
  }
}

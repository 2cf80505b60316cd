package dev.htapod.cli;

/** htapod's own exit statuses; otherwise it exits with the command's. */
final class ExitStatus {
  /** A malformed command line. */
  static final int USAGE = 2;

  /** htapod itself could not do its job; stderr says why. */
  static final int FAILURE = 125;

  private ExitStatus() {}
}

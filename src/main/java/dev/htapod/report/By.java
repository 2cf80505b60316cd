package dev.htapod.report;

import dev.htapod.api.ProcessInfo;

/**
 * The end of a text line that names its process, " by curl[2]": its name and its PID as {@code ps}
 * inside the run shows them, the way syslog names a program.
 */
final class By {
  private By() {}

  /** For a flow's line: every flow has a process, " by unknown" when it could not be found. */
  static String flow(ProcessInfo process) {
    return process == null ? " by unknown" : " by " + name(process);
  }

  /** For a line that may concern no process (an error, a ping): nothing when none is known. */
  static String process(ProcessInfo process) {
    return process == null ? "" : " by " + name(process);
  }

  /** "curl[2]". */
  static String name(ProcessInfo process) {
    return process.name() + "[" + process.pid() + "]";
  }
}

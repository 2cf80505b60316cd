package dev.htapod.report;

import dev.htapod.api.ProcessInfo;

/**
 * The end of a text line that names its process, " by curl[2]": its name and its PID as {@code ps}
 * inside the run shows them, the way syslog names a program; nothing when it is not known.
 */
final class By {
  private By() {}

  static String process(ProcessInfo process) {
    return process == null ? "" : " by " + name(process);
  }

  /** "curl[2]". */
  static String name(ProcessInfo process) {
    return process.name() + "[" + process.pid() + "]";
  }
}

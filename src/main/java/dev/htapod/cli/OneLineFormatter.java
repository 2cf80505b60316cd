package dev.htapod.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** Diagnostics as "htapod: message" lines; stack traces only when verbose. */
final class OneLineFormatter extends Formatter {
  private final boolean traces;

  OneLineFormatter(boolean traces) {
    this.traces = traces;
  }

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder("htapod: ").append(formatMessage(record)).append('\n');
    if (traces && record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }
}

package dev.htapod.cli;

import dev.htapod.api.HtapodException;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Where {@code -o} sends report lines: stderr (""), stdout ("-"), a file, or nowhere (null). */
final class ReportOutput implements AutoCloseable {
  private final OutputStream stream;
  private final boolean owned;

  private ReportOutput(OutputStream stream, boolean owned) {
    this.stream = stream;
    this.owned = owned;
  }

  static ReportOutput open(String target, Invocation invocation) {
    if (target == null) {
      return new ReportOutput(null, false);
    }
    if (target.isEmpty()) {
      return new ReportOutput(unclosable(invocation.err()), false);
    }
    if (target.equals("-")) {
      return new ReportOutput(unclosable(invocation.out()), false);
    }
    String file = invocation.directory() == null ? target : invocation.directory().resolve(target).toString();
    try {
      return new ReportOutput(new BufferedOutputStream(new FileOutputStream(file)), true);
    } catch (IOException e) {
      throw new HtapodException("cannot write the report file " + target + ": " + e.getMessage());
    }
  }

  OutputStream stream() {
    return stream;
  }

  @Override
  public void close() {
    if (owned) {
      try {
        stream.close();
      } catch (IOException e) {
        throw new HtapodException("cannot finish the report file: " + e.getMessage());
      }
    }
  }

  private static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}

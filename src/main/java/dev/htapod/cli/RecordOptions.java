package dev.htapod.cli;

import dev.htapod.api.Htapod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options of a recording: {@code --record FILE} and what it leaves out. */
final class RecordOptions {
  @Option(
      names = "--record",
      paramLabel = "FILE",
      description = "Record every HTTP exchange to FILE (HAR 1.2, bodies whole, secret headers redacted) for a replay.")
  Path record;

  @Option(
      names = "--record-secrets",
      description = "Keep the values of Authorization, Cookie, Set-Cookie and Proxy-Authorization in the recording.")
  boolean secrets;

  @Option(
      names = "--redact",
      paramLabel = "HEADER",
      description = "Also replace the values of HEADER (any case) in the recording by [redacted] (repeatable).")
  List<String> redact = new ArrayList<>();

  /** Applies these options to {@code tap}; a malformed header name is a usage error. */
  void applyTo(Htapod.Builder tap) {
    if (record != null) {
      tap.record(record);
    }
    tap.recordSecrets(secrets);
    for (String header : redact) {
      try {
        tap.redact(header);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("--redact " + e.getMessage());
      }
    }
  }
}

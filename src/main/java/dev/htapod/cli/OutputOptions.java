package dev.htapod.cli;

import dev.htapod.api.Htapod;
import dev.htapod.api.ReportFormat;
import dev.htapod.api.SummaryBy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options of SPEC "Output": where report lines go, what they show, and the files written. */
final class OutputOptions {
  enum Color { AUTO, ALWAYS, NEVER }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where report lines go (default: stderr; - for stdout).")
  String output;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      converter = ReportFormatConverter.class,
      completionCandidates = FormatValues.class,
      description = "text (default): a line per event; json: a JSON object per line.")
  ReportFormat format = ReportFormat.TEXT;

  @Option(names = "--head", description = "Also show request and response headers.")
  boolean head;

  @Option(
      names = "--body",
      description = "Also show request and response bodies, decoded (chunked, gzip, deflate, br, zstd).")
  boolean body;

  @Option(
      names = "--max-body",
      paramLabel = "BYTES",
      description = "Body bytes shown or recorded per message (default: 64k; k and m suffixes).")
  String maxBody;

  @Option(
      names = "--grep",
      paramLabel = "REGEX",
      description = "Report only exchanges whose method, URL, headers or decoded body match.")
  String grep;

  @Option(
      names = "--color",
      paramLabel = "auto|always|never",
      completionCandidates = ColorValues.class,
      description = "Colour in text mode (default: auto, only when the output is a terminal).")
  Color color = Color.AUTO;

  @Option(names = "--har", paramLabel = "FILE", description = "Write every HTTP exchange to FILE as HAR 1.2.")
  Path har;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description = "Write the traffic, TLS decrypted, to FILE as pcapng (Wireshark, tshark).")
  Path pcap;

  @Option(
      names = "--summary-md",
      paramLabel = "FILE",
      description = "Write a short Markdown summary to FILE at the end: hosts, refusals with their processes,"
          + " errors (also appended to $GITHUB_STEP_SUMMARY when it is set).")
  Path summaryMarkdown;

  @Option(
      names = {"-v", "--verbose"},
      description = "More detail: diagnostics, addresses and timings, WebSocket messages.")
  boolean verbose;

  @Option(
      names = "--summary-by",
      paramLabel = "host|process",
      completionCandidates = SummaryValues.class,
      description = "End the text report with a SUMMARY line per host or per process (-v gives both).")
  SummaryBy summaryBy = SummaryBy.NONE;

  @Option(
      names = {"-q", "--quiet"},
      description = "No report lines at all (files such as --har are still written).")
  boolean quiet;

  /** What shell completion offers after --format: the formats as users type them, in lower case. */
  static final class FormatValues implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lowerCase(ReportFormat.values());
    }
  }

  /** What shell completion offers after --color. */
  static final class ColorValues implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lowerCase(Color.values());
    }
  }

  /** What shell completion offers after --summary-by. */
  static final class SummaryValues implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return lowerCase(new SummaryBy[] {SummaryBy.HOST, SummaryBy.PROCESS});
    }
  }

  private static Iterator<String> lowerCase(Enum<?>[] values) {
    return Arrays.stream(values).map(value -> value.name().toLowerCase(Locale.ROOT)).iterator();
  }

  /** Where report lines go: "" for stderr, "-" for stdout, a file, or null for nowhere. */
  String destination() {
    return quiet ? null : output == null ? "" : output;
  }

  /** Applies these options to {@code tap}; a malformed value is a usage error. */
  void applyTo(Htapod.Builder tap, Invocation invocation) {
    tap.headers(head).bodies(body).verbose(verbose).color(colored(invocation)).summaryBy(summaryBy);
    if (maxBody != null) {
      tap.maxBody(bytes(maxBody));
    }
    if (grep != null) {
      try {
        tap.grep(Pattern.compile(grep));
      } catch (PatternSyntaxException e) {
        throw new TypeConversionException("--grep '" + grep + "' is not a regular expression: "
            + e.getDescription());
      }
    }
    if (har != null) {
      tap.har(har);
    }
    if (pcap != null) {
      tap.pcap(pcap);
    }
    if (summaryMarkdown != null) {
      tap.summaryMarkdown(summaryMarkdown);
    }
    // GitHub Actions names the file a step's summary goes to; set but empty stands for unset, so
    // that GITHUB_STEP_SUMMARY= htapod ... leaves a job's page alone.
    String stepSummary = invocation.environment().get("GITHUB_STEP_SUMMARY");
    if (stepSummary != null && !stepSummary.isEmpty()) {
      Path file = Path.of(stepSummary);
      tap.appendSummaryMarkdown(invocation.directory() == null ? file : invocation.directory().resolve(file));
    }
  }

  private boolean colored(Invocation invocation) {
    return switch (color) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> format == ReportFormat.TEXT && invocation.environment().get("NO_COLOR") == null
          && destination() != null
          && (destination().equals("-") ? invocation.outIsTerminal()
              : destination().isEmpty() && invocation.errIsTerminal());
    };
  }

  /** "65536", "64k", "1m". */
  private static int bytes(String value) {
    String text = value.trim().toLowerCase(java.util.Locale.ROOT);
    int unit = text.endsWith("k") ? 1 << 10 : text.endsWith("m") ? 1 << 20 : 1;
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    try {
      long bytes = Long.parseLong(digits) * unit;
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new NumberFormatException();
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("--max-body '" + value + "' is not a size in bytes (e.g. 65536, 64k, 1m)");
    }
  }
}

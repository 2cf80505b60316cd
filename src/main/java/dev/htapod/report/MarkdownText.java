package dev.htapod.report;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as a Markdown table cell shows it, whatever it holds: host names, URLs, process names and
 * arguments come from the command and its servers, and a {@code |} would end a cell, a {@code *}
 * start emphasis, a {@code <} a tag. Entities stand for what GitHub's and other renderers do not all
 * take a backslash before.
 */
final class MarkdownText {
  /** Longer cells are cut: a job's summary page is for reading at a glance. */
  static final int MAX_CELL = 100;
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private MarkdownText() {}

  /** {@code text} on one line, cut to {@link #MAX_CELL} characters, escaped for a table cell. */
  static String cell(String text) {
    String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    if (line.codePointCount(0, line.length()) > MAX_CELL) {
      line = line.substring(0, line.offsetByCodePoints(0, MAX_CELL - 1)) + "…";
    }
    StringBuilder out = new StringBuilder(line.length() + 8);
    line.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '~' -> out.append("&#126;");
        case '|', '\\', '`', '*', '_', '[', ']', '#', '!' -> out.append('\\').appendCodePoint(c);
        default -> out.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c);
      }
    });
    return out.toString();
  }

  /** A command line as a shell would take it back: arguments with spaces or quotes quoted. */
  static String commandLine(List<String> argv) {
    StringBuilder out = new StringBuilder();
    for (String arg : argv) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12 MiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    do {
      value /= 1024;
      unit++;
    } while (value >= 1024 && unit < units.length - 1);
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }

  /** "1 error", "2 errors". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

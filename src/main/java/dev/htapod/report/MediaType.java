package dev.htapod.report;

import java.util.Locale;

/**
 * The parts of a {@code Content-Type} value that decide how a body is shown (RFC 9110 section
 * 8.3.1).
 *
 * @param essence type and subtype in lower case ("text/html"), or "" when there is none
 * @param charset the charset parameter without quotes, or null
 */
record MediaType(String essence, String charset) {
  static final MediaType NONE = new MediaType("", null);

  static MediaType parse(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return NONE;
    }
    String[] parts = contentType.split(";");
    String charset = null;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        charset = unquote(parameter.substring(equals + 1).strip());
      }
    }
    return new MediaType(parts[0].strip().toLowerCase(Locale.ROOT), charset);
  }

  boolean isAbsent() {
    return essence.isEmpty();
  }

  String type() {
    int slash = essence.indexOf('/');
    return slash < 0 ? essence : essence.substring(0, slash);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}

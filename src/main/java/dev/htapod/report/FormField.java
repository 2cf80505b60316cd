package dev.htapod.report;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One name and value of a query string or an {@code application/x-www-form-urlencoded} body, with
 * its percent-encoding undone.
 */
record FormField(String name, String value) {
  /** The fields of "a=1&b=x%20y"; a field without '=' has the value "". */
  static List<FormField> parse(String encoded) {
    List<FormField> fields = new ArrayList<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      fields.add(new FormField(unescape(name), unescape(value)));
    }
    return fields;
  }

  /** The query of {@code url} (after '?', before any '#'), parsed; empty when there is none. */
  static List<FormField> ofQuery(String url) {
    int question = url.indexOf('?');
    if (question < 0) {
      return List.of();
    }
    int hash = url.indexOf('#', question);
    return parse(url.substring(question + 1, hash < 0 ? url.length() : hash));
  }

  /** Malformed escapes ("%zz") are kept as sent rather than lost. */
  private static String unescape(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}

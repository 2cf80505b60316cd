package dev.htapod.report;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.RecordSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which header values a recording leaves out, each replaced by {@link RecordSettings#REDACTED}.
 * A redacted {@code Cookie} or {@code Set-Cookie} keeps its cookies' names and attributes in HAR's
 * {@code cookies} arrays: only their values go.
 */
final class Redaction {
  private final Set<String> names;

  /** @param names lower-case header names */
  Redaction(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  boolean redacts(String header) {
    return names.contains(header.toLowerCase(Locale.ROOT));
  }

  List<HttpHeader> headers(List<HttpHeader> headers) {
    List<HttpHeader> kept = new ArrayList<>(headers.size());
    for (HttpHeader header : headers) {
      kept.add(redacts(header.name()) ? new HttpHeader(header.name(), RecordSettings.REDACTED) : header);
    }
    return kept;
  }

  /** {@code cookies}, parsed from headers named {@code header}, with their values redacted when it is. */
  List<Cookie> cookies(String header, List<Cookie> cookies) {
    if (!redacts(header)) {
      return cookies;
    }
    List<Cookie> kept = new ArrayList<>(cookies.size());
    for (Cookie cookie : cookies) {
      kept.add(new Cookie(cookie.name(), RecordSettings.REDACTED, cookie.path(), cookie.domain(),
          cookie.expires(), cookie.httpOnly(), cookie.secure()));
    }
    return kept;
  }
}

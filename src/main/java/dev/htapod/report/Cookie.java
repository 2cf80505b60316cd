package dev.htapod.report;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cookie as a request sent it ({@code Cookie}) or a response set it ({@code Set-Cookie}), RFC
 * 6265. Attributes a request does not carry are null.
 *
 * @param expires when the cookie expires, from Max-Age or Expires, or null
 * @param httpOnly whether Set-Cookie said HttpOnly; null for a request's cookie
 * @param secure whether Set-Cookie said Secure; null for a request's cookie
 */
record Cookie(
    String name,
    String value,
    String path,
    String domain,
    Instant expires,
    Boolean httpOnly,
    Boolean secure) {

  /**
   * The cookies of every {@code Cookie} header: HTTP/2 may split them into several (RFC 9113
   * section 8.2.3).
   */
  static List<Cookie> sent(HttpMessage request) {
    List<Cookie> cookies = new ArrayList<>();
    for (HttpHeader header : request.headers()) {
      if (header.name().equalsIgnoreCase("cookie")) {
        for (String pair : header.value().split(";")) {
          if (!pair.isBlank()) {
            cookies.add(nameAndValue(pair.strip(), null, null, null, null, null));
          }
        }
      }
    }
    return cookies;
  }

  /** The cookies of every {@code Set-Cookie} header; Max-Age counts from {@code received}. */
  static List<Cookie> set(HttpMessage response, Instant received) {
    List<Cookie> cookies = new ArrayList<>();
    for (HttpHeader header : response.headers()) {
      if (header.name().equalsIgnoreCase("set-cookie")) {
        cookies.add(parseSetCookie(header.value(), received));
      }
    }
    return cookies;
  }

  /** RFC 6265 section 5.2, attributes htapod has no use for being skipped. */
  private static Cookie parseSetCookie(String value, Instant received) {
    String[] parts = value.split(";");
    String path = null;
    String domain = null;
    Instant expires = null;
    Instant maxAge = null;
    boolean httpOnly = false;
    boolean secure = false;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].strip();
      int equals = attribute.indexOf('=');
      String name = (equals < 0 ? attribute : attribute.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      String argument = equals < 0 ? "" : attribute.substring(equals + 1).strip();
      switch (name) {
        case "path" -> path = argument;
        case "domain" -> domain = argument;
        case "expires" -> expires = httpDate(argument);
        case "max-age" -> maxAge = afterSeconds(received, argument);
        case "httponly" -> httpOnly = true;
        case "secure" -> secure = true;
        default -> { }
      }
    }
    // Section 5.3 step 3: Max-Age wins over Expires.
    Instant expiry = maxAge != null ? maxAge : expires;
    return nameAndValue(parts[0].strip(), path, domain, expiry, httpOnly, secure);
  }

  /** RFC 6265bis section 5.6: a pair without '=' is a value with an empty name. */
  private static Cookie nameAndValue(
      String pair, String path, String domain, Instant expires, Boolean httpOnly, Boolean secure) {
    int equals = pair.indexOf('=');
    String name = equals < 0 ? "" : pair.substring(0, equals).strip();
    String value = equals < 0 ? pair : pair.substring(equals + 1).strip();
    return new Cookie(name, value, path, domain, expires, httpOnly, secure);
  }

  /** An Expires date in the common format, or null for the older ones nobody should send now. */
  private static Instant httpDate(String text) {
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Section 5.2.2: zero or less means at once (the earliest time there is; the epoch will do). */
  private static Instant afterSeconds(Instant received, String seconds) {
    try {
      long delta = Long.parseLong(seconds);
      return delta <= 0 ? Instant.EPOCH : received.plusSeconds(delta);
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      return null;
    }
  }
}

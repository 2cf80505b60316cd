package dev.htapod.api;

import java.util.List;

/** One header field as it was sent (for HTTP/2, pseudo-headers such as {@code :path} too). */
public record HttpHeader(String name, String value) {
  /** The first value of header {@code name} (case-insensitive) in {@code headers}, or null. */
  public static String first(List<HttpHeader> headers, String name) {
    for (HttpHeader header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return header.value();
      }
    }
    return null;
  }
}

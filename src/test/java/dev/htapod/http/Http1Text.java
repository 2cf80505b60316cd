package dev.htapod.http;

/** HTTP/1 messages written as their lines. */
final class Http1Text {
  private Http1Text() {}

  /** A message head: {@code lines} (start line, then header fields), each ended by CRLF, then CRLF. */
  static String head(String... lines) {
    return String.join("\r\n", lines) + "\r\n\r\n";
  }

  /** {@code GET path} to site.test, with {@code fields} after the Host field. */
  static String get(String path, String... fields) {
    return request("GET", path, fields);
  }

  static String request(String method, String path, String... fields) {
    String[] lines = new String[fields.length + 2];
    lines[0] = method + " " + path + " HTTP/1.1";
    lines[1] = "Host: site.test";
    System.arraycopy(fields, 0, lines, 2, fields.length);
    return head(lines);
  }

  /** A 200 response with {@code body} and its Content-Length. */
  static String ok(String body) {
    return head("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: " + body.length()) + body;
  }
}

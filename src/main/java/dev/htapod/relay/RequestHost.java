package dev.htapod.relay;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host name in the Host header of the HTTP/1 request a connection begins with, read from its
 * first bytes, so that the egress policy can judge the name before the request goes out.
 *
 * @param complete false while more bytes are needed to tell
 * @param name the host name without its port, lower case; null when the bytes are not an HTTP/1
 *     request head, it has no Host header, or the Host is an IP address (judged at the SYN)
 */
record RequestHost(boolean complete, String name) {
  /** Heads longer than this are not waited for: the request goes on unjudged by name. */
  static final int MAX_HEAD = 16 << 10;

  private static final RequestHost NEED_MORE = new RequestHost(false, null);
  private static final RequestHost NONE = new RequestHost(true, null);
  /** What a request line may begin with, so that a client of another protocol is never kept waiting. */
  private static final Pattern REQUEST_LINE_SO_FAR = Pattern.compile("[A-Z]{0,15}( [!-~]*( [HTP/.01]{0,8}\\r?)?)?");
  private static final Pattern REQUEST_LINE = Pattern.compile("[A-Z]{1,15} [!-~]+ HTTP/1\\.[01]");
  private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|\\[.*");

  /** Reads the readable bytes of {@code bytes} (not consumed). */
  static RequestHost of(ByteBuf bytes) {
    int length = Math.min(bytes.readableBytes(), MAX_HEAD);
    String head = bytes.toString(bytes.readerIndex(), length, StandardCharsets.ISO_8859_1);
    int lineEnd = head.indexOf("\r\n");
    if (lineEnd < 0) {
      return REQUEST_LINE_SO_FAR.matcher(head).matches() && length < MAX_HEAD ? NEED_MORE : NONE;
    }
    if (!REQUEST_LINE.matcher(head.substring(0, lineEnd)).matches()) {
      return NONE;
    }
    int end = head.indexOf("\r\n\r\n");
    if (end < 0) {
      return length < MAX_HEAD ? NEED_MORE : NONE;
    }
    for (int line = lineEnd + 2; line < end; ) {
      int next = head.indexOf("\r\n", line); // at most end, where the last header line ends
      if (head.regionMatches(true, line, "host:", 0, 5)) {
        return new RequestHost(true, hostName(head.substring(line + 5, next).trim()));
      }
      line = next + 2;
    }
    return NONE;
  }

  /** "site.test:8080" to "site.test"; null for an address ("127.0.0.1:80", "[::1]:80"). */
  private static String hostName(String value) {
    int colon = value.indexOf(':');
    String host = colon < 0 ? value : value.substring(0, colon);
    if (host.isEmpty() || ADDRESS.matcher(host).matches()) {
      return null;
    }
    return host.toLowerCase(Locale.ROOT);
  }
}

package dev.htapod.replay;

import dev.htapod.api.HttpHeader;
import java.util.List;

/**
 * A recorded response, as a replay sends it back.
 *
 * @param status its status code
 * @param headers its header fields as recorded (framing and hop-by-hop ones are left to the codec)
 * @param body the bytes to send: as they crossed the wire (content coding kept) when the recording
 *     has them, else the recorded text, whose headers then name no content coding
 * @param trailers its trailer fields
 */
record RecordedAnswer(int status, List<HttpHeader> headers, byte[] body, List<HttpHeader> trailers) {
  RecordedAnswer {
    headers = List.copyOf(headers);
    trailers = List.copyOf(trailers);
  }

  /** Whether it was sent chunked (HTTP/1.1): a replay sends it chunked too. */
  boolean chunked() {
    String coding = HttpHeader.first(headers, "Transfer-Encoding");
    return coding != null && coding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
  }

  /** Whether the server closed the connection after it ({@code Connection: close}). */
  boolean closes() {
    String connection = HttpHeader.first(headers, "Connection");
    return connection != null && connection.equalsIgnoreCase("close");
  }
}

package dev.htapod.api;

import java.util.List;

/**
 * A request or a response as the command sent or received it.
 *
 * @param headers the header fields in the order sent, trailers after them
 * @param bodySize bytes of body on the wire, after the transfer coding (chunked) is undone but
 *     before any content coding (gzip, br, ...) is
 * @param body the body with its content coding undone, at most the run's body cap, or null
 *     when bodies are not recorded
 * @param bodyComplete whether {@code body} holds the whole decoded body
 * @param wireBody the whole body as it crossed the wire: transfer coding (chunked) undone, content
 *     coding (gzip, br, ...) kept; null unless the run records ({@link Htapod.Builder#record})
 * @param trailers how many of the last {@code headers} are trailer fields, sent after the body
 */
public record HttpMessage(
    List<HttpHeader> headers, long bodySize, byte[] body, boolean bodyComplete, byte[] wireBody, int trailers) {
  public HttpMessage {
    headers = List.copyOf(headers);
    if (trailers < 0 || trailers > headers.size()) {
      throw new IllegalArgumentException(trailers + " trailers among " + headers.size() + " header fields");
    }
  }

  /** A message whose whole body was not kept, with no trailers told apart. */
  public HttpMessage(List<HttpHeader> headers, long bodySize, byte[] body, boolean bodyComplete) {
    this(headers, bodySize, body, bodyComplete, null, 0);
  }

  /** The header fields sent before the body. */
  public List<HttpHeader> leadingHeaders() {
    return headers.subList(0, headers.size() - trailers);
  }

  /** The trailer fields, sent after the body. */
  public List<HttpHeader> trailerFields() {
    return headers.subList(headers.size() - trailers, headers.size());
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    return HttpHeader.first(headers, name);
  }
}

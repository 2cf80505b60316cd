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
 */
public record HttpMessage(List<HttpHeader> headers, long bodySize, byte[] body, boolean bodyComplete) {
  public HttpMessage {
    headers = List.copyOf(headers);
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    return HttpHeader.first(headers, name);
  }
}

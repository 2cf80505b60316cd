package dev.htapod.replay;

import dev.htapod.api.HttpHeader;
import java.util.List;

/**
 * One exchange of a recording.
 *
 * @param order its place among the run's requests (HAR's {@code _order}, else its place in the file)
 * @param method the request's method
 * @param url the request's URL
 * @param requestHeaders the request's header fields
 * @param requestBody the request's body as it was sent (content coding kept); empty for none
 * @param http2 whether it went over HTTP/2
 * @param answer the response to send back
 */
record RecordedExchange(long order, String method, String url, List<HttpHeader> requestHeaders, byte[] requestBody,
    boolean http2, RecordedAnswer answer) {
  RecordedExchange {
    requestHeaders = List.copyOf(requestHeaders);
  }
}

package dev.htapod.http;

import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import dev.htapod.api.HttpTimings;
import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.TappedConnection;
import io.netty.util.NetUtil;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request and its response as they are observed, HTTP/1 or HTTP/2 alike: it collects headers,
 * bodies and times, and tells the listener when the request and then the exchange are complete.
 */
final class Exchange {
  private final Recording recording;
  private final TappedConnection connection;
  private final String method;
  private final String url;
  private final String version;
  private final Instant startedAt;
  private final long started;
  private final long sequence;
  private final List<HttpHeader> requestHeaders;
  private final BodyCapture requestBody;
  private long requestEnded;
  private int status;
  private int requestTrailers;
  private List<HttpHeader> responseHeaders;
  private int responseTrailers;
  private BodyCapture responseBody;
  private long responseStarted;
  private boolean ended;

  Exchange(Recording recording, TappedConnection connection, String method, String url, String version,
      List<HttpHeader> requestHeaders) {
    this.recording = recording;
    this.startedAt = recording.time().instant();
    this.started = recording.time().nanoTime();
    this.sequence = recording.sequence().next();
    this.connection = connection;
    this.method = method;
    this.url = url;
    this.version = version;
    this.requestHeaders = new ArrayList<>(requestHeaders);
    this.requestBody = new BodyCapture(recording.cap(HttpHeader.first(requestHeaders, "Content-Encoding")));
  }

  String method() {
    return method;
  }

  String url() {
    return url;
  }

  /** The request's header {@code name} (case-insensitive), or null. */
  String requestHeader(String name) {
    return HttpHeader.first(requestHeaders, name);
  }

  BodyCapture requestBody() {
    return requestBody;
  }

  /** The request's last byte was seen; {@code trailers} follow its headers. */
  void requestEnded(List<HttpHeader> trailers) {
    requestHeaders.addAll(trailers);
    requestTrailers = trailers.size();
    requestEnded = recording.time().nanoTime();
    recording.listener().httpRequest(event(null));
  }

  boolean requestComplete() {
    return requestEnded != 0;
  }

  /** The response's head arrived; its body follows. */
  void responseStarted(int status, List<HttpHeader> headers) {
    this.status = status;
    this.responseHeaders = new ArrayList<>(headers);
    this.responseBody = new BodyCapture(recording.cap(HttpHeader.first(headers, "Content-Encoding")));
    this.responseStarted = recording.time().nanoTime();
  }

  boolean hasResponse() {
    return responseHeaders != null;
  }

  int status() {
    return status;
  }

  BodyCapture responseBody() {
    return responseBody;
  }

  /** The response is complete: the exchange is told. */
  void responseEnded(List<HttpHeader> trailers) {
    if (ended) {
      return;
    }
    ended = true;
    if (requestEnded == 0) {
      requestEnded = responseStarted; // answered before its end (RFC 9113 8.1): the answer cut it short
    }
    responseHeaders.addAll(trailers);
    responseTrailers = trailers.size();
    recording.listener().httpExchange(event(null));
  }

  /** The exchange will not complete: it is told with {@code reason}. */
  void abandon(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    if (requestEnded == 0) {
      requestEnded = recording.time().nanoTime();
    }
    recording.listener().httpExchange(event(reason));
  }

  private HttpExchangeEvent event(String error) {
    long now = recording.time().nanoTime();
    HttpMessage response =
        responseHeaders == null ? null : message(responseHeaders, responseTrailers, responseBody);
    HttpTimings timings = new HttpTimings(millis(requestEnded - started),
        responseHeaders == null ? -1 : millis(responseStarted - requestEnded),
        responseHeaders == null ? -1 : millis(now - responseStarted));
    return new HttpExchangeEvent(method, url, version, status, startedAt, (now - started) / 1_000_000,
        message(requestHeaders, requestTrailers, requestBody), response, timings,
        NetUtil.toAddressString(connection.target().getAddress()), connection.target().getPort(), error,
        FlowOwners.await(connection.owner()), sequence,
        connection.client() == null ? null : NetUtil.toSocketAddressString(connection.client()),
        connection.decrypted());
  }

  /**
   * The message, its kept body with the content coding undone (gzip, br, ...) up to the cap, and,
   * when the run records, its whole body as it came.
   */
  private HttpMessage message(List<HttpHeader> headers, int trailers, BodyCapture body) {
    byte[] wire = recording.wholeBodies() ? body.bytes() : null;
    if (!recording.bodies()) {
      return new HttpMessage(headers, body.size(), null, false, wire, trailers);
    }
    byte[] kept = wire == null ? body.bytes() : wire;
    DecodedBody decoded = ContentDecoding.decode(HttpHeader.first(headers, "Content-Encoding"), kept,
        recording.maxBody());
    return new HttpMessage(headers, body.size(), decoded.bytes(), decoded.whole() && body.complete(), wire,
        trailers);
  }


  private static double millis(long nanos) {
    return Math.max(0, nanos) / 1e6;
  }
}

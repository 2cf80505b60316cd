package dev.htapod.api;

import java.time.Instant;

/**
 * One HTTP request and, once it came, its response.
 *
 * @param method the request method ("GET")
 * @param url the full URL, scheme and authority from the connection when the request line
 *     holds only a path
 * @param httpVersion "HTTP/1.1", "HTTP/1.0" or "HTTP/2"
 * @param status the response status, or 0 while there is none
 * @param startedAt when the request's first byte was seen
 * @param durationMs from the request's first byte to the response's last, or to the request's
 *     last while there is no response
 * @param request the request
 * @param response the response, or null while there is none
 * @param timings how the duration divides
 * @param serverIp the address the connection went to from the host
 * @param serverPort the port it went to
 * @param error why the exchange is incomplete or could not be parsed, or null
 * @param process the process of the run that opened the exchange's connection, or null when it is not known
 * @param sequence the exchange's place in the run, from 1, in the order requests began (0: not known)
 * @param connection the command's end of the exchange's connection ("10.0.2.100:41234"), which
 *     exchanges on the same connection share; null when not known
 * @param tls whether the command spoke TLS on that connection (htapod decrypted it)
 */
public record HttpExchangeEvent(
    String method,
    String url,
    String httpVersion,
    int status,
    Instant startedAt,
    long durationMs,
    HttpMessage request,
    HttpMessage response,
    HttpTimings timings,
    String serverIp,
    int serverPort,
    String error,
    ProcessInfo process,
    long sequence,
    String connection,
    boolean tls) {
  /** An exchange whose place in the run and connection are not known. */
  public HttpExchangeEvent(String method, String url, String httpVersion, int status, Instant startedAt,
      long durationMs, HttpMessage request, HttpMessage response, HttpTimings timings, String serverIp,
      int serverPort, String error, ProcessInfo process) {
    this(method, url, httpVersion, status, startedAt, durationMs, request, response, timings, serverIp,
        serverPort, error, process, 0, null, false);
  }
}

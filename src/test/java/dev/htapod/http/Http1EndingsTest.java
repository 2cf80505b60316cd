package dev.htapod.http;

import static dev.htapod.http.Http1Text.get;
import static dev.htapod.http.Http1Text.head;
import static dev.htapod.http.Http1Text.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How observing an HTTP/1 connection ends: with a response delimited by the connection's end, the
 * connection closing before or inside a message, bytes that are not HTTP, or a tunnel. Each
 * conversation is replayed under every cut.
 */
@ExtendWith(LeakCheck.class)
class Http1EndingsTest {
  private final TapRun plain = TapRun.on(Connections.plain());

  @Test
  void responseDelimitedByTheServerEndingIt() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/stream"))
            .server(head("HTTP/1.0 200 OK", "Content-Type: text/plain") + "all of it")
            .note("server data in")
            .serverEnds()
            .note("server ended")
            .commandEnds()
            .closes(),
        "--> GET http://site.test/stream HTTP/1.1",
        "-- server data in",
        "<-- 200 GET http://site.test/stream 9B \"all of it\"",
        "-- server ended");
  }

  @Test
  void responseDelimitedByTheConnectionClosing() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/stream"))
            .server(head("HTTP/1.1 200 OK", "Connection: close") + "until the end")
            .note("server data in")
            .closes(),
        "--> GET http://site.test/stream HTTP/1.1",
        "-- server data in",
        "<-- 200 GET http://site.test/stream 13B \"until the end\"");
  }

  @Test
  void connectionClosedBeforeTheResponseAbandonsTheExchangeOnce() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/slow"))
            .commandEnds()
            .serverEnds()
            .closes(),
        "--> GET http://site.test/slow HTTP/1.1",
        "<-- --- GET http://site.test/slow ! the connection closed before the response");
  }

  @Test
  void connectionClosedInTheResponseBodyAbandonsTheExchangeOnce() {
    EventLog log = plain.hearsUnderEveryCut(new Conversation()
            .command(get("/cut"))
            .server(head("HTTP/1.1 200 OK", "Content-Length: 100") + "only part")
            .serverEnds()
            .closes(),
        "--> GET http://site.test/cut HTTP/1.1",
        "<-- 200 GET http://site.test/cut 9B \"only part\" ! the connection closed before the response");

    assertThat(log.exchange().response().bodyComplete()).isTrue();
  }

  @Test
  void garbageFromTheCommandAfterAnExchangeEndsObservationQuietly() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a"))
            .server(ok("fine"))
            .command(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a, 0x7f})
            .server("\u0000\u0001 whatever comes back")
            .bothEnd(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 4B \"fine\"");
  }

  @Test
  void garbageFromTheServerAfterAnExchangeEndsObservationQuietly() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a"))
            .server(ok("fine") + "\r\nNOT HTTP AT ALL\r\n\r\n")
            .bothEnd(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 4B \"fine\"");
  }

  @Test
  void anUnaskedTimeoutFromAnIdleServerIsQuiet() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a"))
            .server(ok("fine"))
            .server(head("HTTP/1.1 408 Request Timeout", "Connection: close", "Content-Length: 0"))
            .serverEnds()
            .commandEnds()
            .closes(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 4B \"fine\"");
  }

  @Test
  void theConnectionClosingInTheMiddleOfHeadsIsQuiet() {
    plain.hearsUnderEveryCut(new Conversation()
        .command(get("/a"))
        .server(ok("fine"))
        .command("GET /b HTTP/1.1\r\nHost: site.te")
        .closes(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 4B \"fine\"");
  }

  @Test
  void theConnectionClosingInTheMiddleOfAResponseHeadAbandonsItsRequest() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a"))
            .server("HTTP/1.1 200 OK\r\nContent-Len")
            .closes(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- --- GET http://site.test/a ! the connection closed before the response");
  }

  @Test
  void theConnectionClosingInTheMiddleOfChunksAbandonsTheExchange() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a"))
            .server(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked") + "4\r\nsome\r\n8\r\nmo")
            .serverEnds()
            .closes(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 6B \"somemo\" ! the connection closed before the response");
  }

  @Test
  void aTunnelThroughAProxyIsReportedThenLeftAlone() {
    byte[] clientHello = {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00};
    byte[] serverHello = {0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00};
    plain.hearsUnderEveryCut(new Conversation()
            .command(head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443"))
            .server(head("HTTP/1.1 200 Connection established"))
            .command(clientHello)
            .server(serverHello)
            .bothEnd(),
        "--> CONNECT http://example.com:443 HTTP/1.1",
        "<-- 200 CONNECT http://example.com:443");
  }

  @Test
  void aTunnelRefusedByTheProxyLeavesTheConnectionHttp() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443"))
            .server(head("HTTP/1.1 407 Proxy Authentication Required", "Proxy-Authenticate: Basic",
                "Content-Length: 4") + "auth")
            .command(head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443",
                "Proxy-Authorization: Basic dTpw"))
            .server(head("HTTP/1.1 200 OK"))
            .bothEnd(),
        "--> CONNECT http://example.com:443 HTTP/1.1",
        "<-- 407 CONNECT http://example.com:443 4B \"auth\"",
        "--> CONNECT http://example.com:443 HTTP/1.1",
        "<-- 200 CONNECT http://example.com:443");
  }
}

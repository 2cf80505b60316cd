package dev.htapod.http;

import static dev.htapod.http.Http1Text.get;
import static dev.htapod.http.Http1Text.head;
import static dev.htapod.http.Http1Text.ok;
import static dev.htapod.http.Http1Text.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.FlowOwners;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import dev.htapod.relay.TappedConnection;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/1 exchanges as the relay shows them to the tap, each conversation replayed cut at every
 * byte boundary, byte by byte and at random places, always heard the same.
 */
@ExtendWith(LeakCheck.class)
class Http1ObserverTest {
  private final TapRun plain = TapRun.on(Connections.plain());

  @Test
  void getAnsweredWithContentLength() {
    EventLog log = plain.hearsUnderEveryCut(new Conversation()
            .command(get("/a", "Accept: */*"))
            .server(ok("hello"))
            .bothEnd(),
        "--> GET http://site.test/a HTTP/1.1",
        "<-- 200 GET http://site.test/a 5B \"hello\"");

    HttpExchangeEvent request = log.requests.get(0);
    assertThat(request.status()).isZero();
    assertThat(request.response()).isNull();
    assertThat(request.request().headers())
        .containsExactly(new HttpHeader("Host", "site.test"), new HttpHeader("Accept", "*/*"));
    HttpExchangeEvent exchange = log.exchange();
    assertThat(exchange.response().headers()).containsExactly(
        new HttpHeader("Content-Type", "text/plain"), new HttpHeader("Content-Length", "5"));
    assertThat(exchange.response().bodyComplete()).isTrue();
    assertThat(exchange.error()).isNull();
    assertThat(exchange.serverIp()).isEqualTo("93.184.216.34");
    assertThat(exchange.serverPort()).isEqualTo(80);
    assertThat(exchange.timings().waiting()).isNotNegative();
    assertThat(exchange.timings().receive()).isNotNegative();
  }

  @Test
  void theServerIsWhereHtapodDialedWithIpv6Compressed() {
    TappedConnection six = new TappedConnection(new InetSocketAddress("fd00::100", 40000),
        new InetSocketAddress("fd00::2", 80), new InetSocketAddress("2001:db8::1", 8080), null, false, false, null, FlowOwners.UNKNOWN);
    HttpExchangeEvent exchange = TapRun.on(six).play(new Conversation().command(get("/")).server(ok("")).bothEnd())
        .exchange();

    assertThat(exchange.serverIp()).isEqualTo("2001:db8::1");
    assertThat(exchange.serverPort()).isEqualTo(8080);
  }

  @Test
  void postWithBody() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(request("POST", "/form", "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: 15") + "name=htapod&x=1")
            .server(head("HTTP/1.1 201 Created", "Content-Length: 0"))
            .bothEnd(),
        "--> POST http://site.test/form HTTP/1.1 15B \"name=htapod&x=1\"",
        "<-- 201 POST http://site.test/form");
  }

  private static Conversation postAndAnswer() {
    return new Conversation()
        .command(request("POST", "/up", "Content-Length: 15") + "name=htapod&x=1")
        .server(ok("0123456789"))
        .bothEnd();
  }

  @Test
  void bodiesAreKeptUpToTheCap() {
    HttpExchangeEvent exchange = plain.keepingBodies(true, 4).hearsUnderEveryCut(postAndAnswer(),
        "--> POST http://site.test/up HTTP/1.1 15B \"name\"…",
        "<-- 200 POST http://site.test/up 10B \"0123\"…").exchange();

    assertThat(exchange.request().bodyComplete()).isFalse();
    assertThat(exchange.response().body()).asString().isEqualTo("0123");
    assertThat(exchange.response().bodyComplete()).isFalse();
  }

  @Test
  void aBodyAsLongAsTheCapIsComplete() {
    HttpExchangeEvent exchange = plain.keepingBodies(true, 10).hearsUnderEveryCut(postAndAnswer(),
        "--> POST http://site.test/up HTTP/1.1 15B \"name=htapo\"…",
        "<-- 200 POST http://site.test/up 10B \"0123456789\"").exchange();

    assertThat(exchange.response().bodyComplete()).isTrue();
  }

  @Test
  void bodiesNotKeptAreCountedOnly() {
    HttpExchangeEvent exchange = plain.keepingBodies(false, TapRun.CAP).hearsUnderEveryCut(postAndAnswer(),
        "--> POST http://site.test/up HTTP/1.1 15B",
        "<-- 200 POST http://site.test/up 10B").exchange();

    assertThat(exchange.request().body()).isNull();
    assertThat(exchange.request().bodyComplete()).isFalse();
    assertThat(exchange.response().body()).isNull();
  }

  @Test
  void chunkedResponseWithTrailers() {
    HttpExchangeEvent exchange = plain.hearsUnderEveryCut(new Conversation()
            .command(get("/chunked"))
            .server(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Trailer: Checksum")
                + "5;note=first\r\nhello\r\n7\r\n, world\r\n0\r\nChecksum: abc123\r\n\r\n")
            .bothEnd(),
        "--> GET http://site.test/chunked HTTP/1.1",
        "<-- 200 GET http://site.test/chunked 12B \"hello, world\"").exchange();

    assertThat(exchange.response().headers()).containsExactly(
        new HttpHeader("Transfer-Encoding", "chunked"), new HttpHeader("Trailer", "Checksum"),
        new HttpHeader("Checksum", "abc123"));
  }

  @Test
  void chunkedRequest() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(request("PUT", "/file", "Transfer-Encoding: chunked") + "3\r\nabc\r\n0\r\n\r\n")
            .server(head("HTTP/1.1 204 No Content"))
            .bothEnd(),
        "--> PUT http://site.test/file HTTP/1.1 3B \"abc\"",
        "<-- 204 PUT http://site.test/file");
  }

  @Test
  void fiveExchangesOnOneKeptAliveConnection() {
    Conversation conversation = new Conversation();
    String[] lines = new String[10];
    for (int i = 1; i <= 5; i++) {
      conversation.command(get("/" + i)).server(ok("body " + i));
      lines[2 * i - 2] = "--> GET http://site.test/" + i + " HTTP/1.1";
      lines[2 * i - 1] = "<-- 200 GET http://site.test/" + i + " 6B \"body " + i + "\"";
    }
    plain.hearsUnderEveryCut(conversation.bothEnd(), lines);
  }

  @Test
  void pipelinedRequestsArePairedInOrder() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/1") + request("POST", "/2", "Content-Length: 3") + "two" + request("HEAD", "/3") + get("/4"))
            .server(ok("one") + head("HTTP/1.1 404 Not Found", "Content-Length: 0")
                + head("HTTP/1.1 200 OK", "Content-Length: 50") + ok("four"))
            .bothEnd(),
        "--> GET http://site.test/1 HTTP/1.1",
        "--> POST http://site.test/2 HTTP/1.1 3B \"two\"",
        "--> HEAD http://site.test/3 HTTP/1.1",
        "--> GET http://site.test/4 HTTP/1.1",
        "<-- 200 GET http://site.test/1 3B \"one\"",
        "<-- 404 POST http://site.test/2",
        "<-- 200 HEAD http://site.test/3",
        "<-- 200 GET http://site.test/4 4B \"four\"");
  }

  @Test
  void headResponseHasNoBodyWhateverItsLength() {
    HttpExchangeEvent head = plain.hearsUnderEveryCut(new Conversation()
            .command(request("HEAD", "/big"))
            .server(head("HTTP/1.1 200 OK", "Content-Length: 1000"))
            .command(get("/small"))
            .server(ok("small"))
            .bothEnd(),
        "--> HEAD http://site.test/big HTTP/1.1",
        "<-- 200 HEAD http://site.test/big",
        "--> GET http://site.test/small HTTP/1.1",
        "<-- 200 GET http://site.test/small 5B \"small\"").exchanges.get(0);

    assertThat(head.response().header("Content-Length")).isEqualTo("1000");
    assertThat(head.response().bodySize()).isZero();
  }

  @Test
  void noContentAndNotModifiedHaveNoBody() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(request("DELETE", "/item"))
            .server(head("HTTP/1.1 204 No Content", "Content-Length: 7"))
            .command(get("/cached", "If-None-Match: \"v1\""))
            .server(head("HTTP/1.1 304 Not Modified", "ETag: \"v1\"", "Content-Length: 42"))
            .command(get("/after"))
            .server(ok("after"))
            .bothEnd(),
        "--> DELETE http://site.test/item HTTP/1.1",
        "<-- 204 DELETE http://site.test/item",
        "--> GET http://site.test/cached HTTP/1.1",
        "<-- 304 GET http://site.test/cached",
        "--> GET http://site.test/after HTTP/1.1",
        "<-- 200 GET http://site.test/after 5B \"after\"");
  }

  @Test
  void continueThenFinalResponse() {
    HttpExchangeEvent exchange = plain.hearsUnderEveryCut(new Conversation()
            .command(request("POST", "/upload", "Content-Length: 5", "Expect: 100-continue"))
            .server(head("HTTP/1.1 100 Continue"))
            .command("hello")
            .server(head("HTTP/1.1 201 Created", "Location: /upload/1", "Content-Length: 2") + "ok")
            .bothEnd(),
        "--> POST http://site.test/upload HTTP/1.1 5B \"hello\"",
        "<-- 201 POST http://site.test/upload 2B \"ok\"").exchange();

    assertThat(exchange.response().headers())
        .containsExactly(new HttpHeader("Location", "/upload/1"), new HttpHeader("Content-Length", "2"));
  }

  @Test
  void earlyHintsBeforeTheResponse() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/page"))
            .server(head("HTTP/1.1 103 Early Hints", "Link: </style.css>; rel=preload") + ok("page"))
            .bothEnd(),
        "--> GET http://site.test/page HTTP/1.1",
        "<-- 200 GET http://site.test/page 4B \"page\"");
  }

  @Test
  void headResponseHeadersAreReportedAsSent() {
    HttpExchangeEvent exchange = plain.hearsUnderEveryCut(new Conversation()
            .command(request("HEAD", "/dynamic"))
            .server(head("HTTP/1.1 200 OK", "Content-Type: text/html", "Transfer-Encoding: chunked"))
            .bothEnd(),
        "--> HEAD http://site.test/dynamic HTTP/1.1",
        "<-- 200 HEAD http://site.test/dynamic").exchange();

    assertThat(exchange.response().headers()).containsExactly(
        new HttpHeader("Content-Type", "text/html"), new HttpHeader("Transfer-Encoding", "chunked"));
  }

  @Test
  void expectationAnsweredWithAFinalResponseBeforeTheBody() {
    // RFC 9110 10.1.1: the server may answer with a final status instead of 100 (Continue).
    plain.hearsUnderEveryCut(new Conversation()
            .command(request("PUT", "/big", "Content-Length: 5000000", "Expect: 100-continue"))
            .server(head("HTTP/1.1 417 Expectation Failed", "Content-Length: 0", "Connection: close"))
            .bothEnd(),
        "<-- 417 PUT http://site.test/big");
  }

  @Test
  void aBodySentAfterAnEarlyAnswerIsNotTakenForTheNextRequest() {
    HttpExchangeEvent early = plain.hearsUnderEveryCut(new Conversation()
            .command(request("POST", "/login", "Content-Length: 6", "Expect: 100-continue"))
            .server(head("HTTP/1.1 401 Unauthorized", "Content-Length: 4") + "nope")
            .command("secret" + get("/next"))
            .server(ok("next"))
            .bothEnd(),
        "<-- 401 POST http://site.test/login 4B \"nope\"",
        "--> GET http://site.test/next HTTP/1.1",
        "<-- 200 GET http://site.test/next 4B \"next\"").exchanges.get(0);

    assertThat(early.timings().waiting()).isBetween(0.0, 60_000.0);
  }

  @Test
  void largeBodiesInManySegments() {
    String body = "0123456789abcdef".repeat(200_000);
    HttpExchangeEvent exchange = plain.hears(new Conversation()
            .command(request("POST", "/bulk", "Content-Length: " + body.length()) + body)
            .server(head("HTTP/1.1 200 OK", "Transfer-Encoding: chunked")
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
            .bothEnd(),
        List.of(Cuts.none(), Cuts.random(1), Cuts.random(2)),
        "--> POST http://site.test/bulk HTTP/1.1 3200000B \"" + body.substring(0, TapRun.CAP) + "\"…",
        "<-- 200 POST http://site.test/bulk 3200000B \"" + body.substring(0, TapRun.CAP) + "\"…").exchange();

    assertThat(exchange.response().body()).hasSize(TapRun.CAP);
  }
}

package dev.htapod.http;

import static dev.htapod.http.H2Bytes.request;
import static dev.htapod.http.H2Bytes.response;
import static dev.htapod.http.H2Bytes.trailers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpHeader;
import io.netty.handler.codec.http2.Http2Error;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 connections as Netty's frame writer writes them, each stream one exchange, replayed under
 * every cut: decrypted h2 (ALPN) and h2c with prior knowledge (sniffed from the preface).
 */
@ExtendWith(LeakCheck.class)
class H2ObserverTest {
  private final TapRun h2 = TapRun.on(Connections.decrypted("site.test", 443, "h2"));

  /**
   * Three streams, their frames interleaved: GET /a answered with a body in two DATA frames and
   * trailers, POST /b whose body comes in two parts around another request, GET /c answered 204.
   */
  private static Conversation interleaved() {
    H2Bytes command = H2Bytes.command();
    H2Bytes server = H2Bytes.server();
    return new Conversation()
        .command(command
            .headers(1, request("GET", "site.test", "/a", "accept", "*/*"), true)
            .headers(3, request("POST", "site.test", "/b", "content-type", "text/plain"), false)
            .data(3, "part1,", false)
            .take())
        .server(server.settingsAck().headers(3, response(200, "content-type", "text/plain"), false).take())
        .command(command.settingsAck().headers(5, request("GET", "site.test", "/c"), true).data(3, "part2", true)
            .windowUpdate(0, 1 << 20).take())
        .server(server
            .headers(1, response(200), false).data(1, "aaa", false).data(3, "bbb", true)
            .ping(7).data(1, "more", false).headers(1, trailers("grpc-status", "0"), true)
            .headers(5, response(204), true)
            .goAway(5)
            .take())
        .bothEnd();
  }

  /** What is heard of {@link #interleaved()}, its URLs beginning with {@code origin}. */
  private static String[] interleavedHeard(String origin) {
    return new String[] {
        "--> GET " + origin + "/a HTTP/2",
        "--> GET " + origin + "/c HTTP/2",
        "--> POST " + origin + "/b HTTP/2 11B \"part1,part2\"",
        "<-- 200 POST " + origin + "/b 3B \"bbb\"",
        "<-- 200 GET " + origin + "/a 7B \"aaamore\"",
        "<-- 204 GET " + origin + "/c"};
  }

  @Test
  void interleavedStreamsOfDecryptedH2() {
    EventLog log = h2.hearsUnderEveryCut(interleaved(), interleavedHeard("https://site.test"));

    HttpExchangeEvent a = log.exchanges.get(1);
    assertThat(a.request().headers()).containsExactly(new HttpHeader(":method", "GET"),
        new HttpHeader(":scheme", "https"), new HttpHeader(":path", "/a"), new HttpHeader(":authority", "site.test"),
        new HttpHeader("accept", "*/*"));
    assertThat(a.response().headers())
        .containsExactly(new HttpHeader(":status", "200"), new HttpHeader("grpc-status", "0"));
    assertThat(a.serverIp()).isEqualTo("93.184.216.34");
  }

  @Test
  void priorKnowledgeH2cIsToldByItsPreface() {
    TapRun.on(Connections.plain("93.184.216.34", 8080)).hearsUnderEveryCut(interleaved(),
        interleavedHeard("http://site.test"));
  }

  @Test
  void informationalHeadersBeforeTheFinalOnes() {
    H2Bytes command = H2Bytes.command();
    H2Bytes server = H2Bytes.server();
    HttpExchangeEvent exchange = h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("POST", "site.test", "/up", "expect", "100-continue"), false).take())
            .server(server.headers(1, response(100), false).take())
            .command(command.data(1, "body", true).take())
            .server(server.headers(1, response(103, "link", "</s.css>"), false)
                .headers(1, response(201, "location", "/up/1"), true).take())
            .bothEnd(),
        "--> POST https://site.test/up HTTP/2 4B \"body\"",
        "<-- 201 POST https://site.test/up").exchange();

    assertThat(exchange.response().headers())
        .containsExactly(new HttpHeader(":status", "201"), new HttpHeader("location", "/up/1"));
  }

  @Test
  void aResponseCompleteBeforeItsRequestIsTheExchange() {
    // RFC 9113 8.1: a server may answer before the request is complete, then reset the stream.
    H2Bytes command = H2Bytes.command();
    HttpExchangeEvent exchange = h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("PUT", "site.test", "/huge"), false).data(1, "aaaa", false).take())
            .server(H2Bytes.server().headers(1, response(413), true).reset(1, Http2Error.NO_ERROR).take())
            .command(command.data(1, "bbbb", true).take())
            .bothEnd(),
        "<-- 413 PUT https://site.test/huge").exchange();

    assertThat(exchange.request().bodySize()).isEqualTo(4);
    assertThat(exchange.timings().send()).isBetween(0.0, 60_000.0);
    assertThat(exchange.timings().waiting()).isBetween(0.0, 60_000.0);
    assertThat(exchange.timings().receive()).isBetween(0.0, 60_000.0);
  }

  @Test
  void resetStreamsAreAbandonedAndTheOthersGoOn() {
    H2Bytes command = H2Bytes.command();
    H2Bytes server = H2Bytes.server();
    h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("GET", "site.test", "/kept"), true)
                .headers(3, request("GET", "site.test", "/cancelled"), true)
                .headers(5, request("GET", "site.test", "/refused"), true).take())
            .server(server.headers(3, response(200), false).data(3, "partial", false).take())
            .command(command.reset(3, Http2Error.CANCEL).take())
            .server(server.reset(5, Http2Error.REFUSED_STREAM).headers(1, response(200), false).data(1, "kept", true)
                .take())
            .bothEnd(),
        "--> GET https://site.test/kept HTTP/2",
        "--> GET https://site.test/cancelled HTTP/2",
        "--> GET https://site.test/refused HTTP/2",
        "<-- 200 GET https://site.test/cancelled 7B \"partial\" ! the command reset the stream (error 8)",
        "<-- --- GET https://site.test/refused ! the server reset the stream (error 7)",
        "<-- 200 GET https://site.test/kept 4B \"kept\"");
  }

  @Test
  void headersTooLargeForOneFrameComeInContinuations() {
    String cookie = randomLetters(40_000);
    H2Bytes command = H2Bytes.command();
    H2Bytes server = H2Bytes.server();
    Conversation conversation = new Conversation().command(command.take()).server(server.take());
    byte[] requests = command.headers(1, request("GET", "site.test", "/big", "cookie", cookie), true).take();
    byte[] responses = server.headers(1, response(200, "x-echo", cookie), true).take();
    assertThat(H2Bytes.frames(requests)).as("what the writer wrote").extracting(frame -> frame.split(" ")[0])
        .containsExactly("HEADERS", "CONTINUATION");
    assertThat(H2Bytes.frames(responses)).extracting(frame -> frame.split(" ")[0])
        .containsExactly("HEADERS", "CONTINUATION");

    HttpExchangeEvent exchange = h2.hears(conversation.command(requests).server(responses).bothEnd(),
        List.of(Cuts.none(), Cuts.random(1), Cuts.random(2), Cuts.random(3)),
        "--> GET https://site.test/big HTTP/2",
        "<-- 200 GET https://site.test/big").exchange();

    assertThat(exchange.request().header("cookie")).isEqualTo(cookie);
    assertThat(exchange.response().header("x-echo")).isEqualTo(cookie);
  }

  @Test
  void laterHeaderBlocksReferToTheDynamicTable() {
    H2Bytes command = H2Bytes.command();
    H2Bytes server = H2Bytes.server();
    Conversation conversation = new Conversation().command(command.take()).server(server.take());
    String[] custom = {"user-agent", "htapod-test/1.0", "x-session", "c2Vzc2lvbi0xMjM0NTY3ODkw"};
    int[] sizes = new int[3];
    for (int i = 0; i < 3; i++) {
      int stream = 2 * i + 1;
      byte[] requestBytes = command.headers(stream, request("GET", "site.test", "/" + i, custom), true).take();
      sizes[i] = Integer.parseInt(H2Bytes.frames(requestBytes).get(0).split(" ")[1]);
      conversation.command(requestBytes)
          .server(server.headers(stream, response(200, "server", "test-server/2.0", "x-session", custom[3]), false)
              .data(stream, "r" + i, true).take());
    }
    assertThat(sizes[1]).as("the second block's size, against the first's %d", sizes[0]).isLessThan(sizes[0] / 2);

    EventLog log = h2.hearsUnderEveryCut(conversation.bothEnd(),
        "--> GET https://site.test/0 HTTP/2",
        "<-- 200 GET https://site.test/0 2B \"r0\"",
        "--> GET https://site.test/1 HTTP/2",
        "<-- 200 GET https://site.test/1 2B \"r1\"",
        "--> GET https://site.test/2 HTTP/2",
        "<-- 200 GET https://site.test/2 2B \"r2\"");

    for (HttpExchangeEvent exchange : log.exchanges) {
      assertThat(exchange.request().header("user-agent")).isEqualTo("htapod-test/1.0");
      assertThat(exchange.request().header("x-session")).isEqualTo(custom[3]);
      assertThat(exchange.response().header("server")).isEqualTo("test-server/2.0");
    }
  }

  @Test
  void pushedResponsesAreExchangesOfTheirOwn() {
    H2Bytes command = H2Bytes.command();
    h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("GET", "site.test", "/page"), true).take())
            .server(H2Bytes.server()
                .pushPromise(1, 2, request("GET", "site.test", "/style.css"))
                .headers(1, response(200), false).data(1, "<html>", true)
                .headers(2, response(200, "content-type", "text/css"), false).data(2, "p{}", true).take())
            .bothEnd(),
        "--> GET https://site.test/page HTTP/2",
        "--> GET https://site.test/style.css HTTP/2",
        "<-- 200 GET https://site.test/page 6B \"<html>\"",
        "<-- 200 GET https://site.test/style.css 3B \"p{}\"");
  }

  @Test
  void streamsOpenWhenTheConnectionClosesAreAbandonedOnce() {
    H2Bytes command = H2Bytes.command();
    h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("GET", "site.test", "/done"), true)
                .headers(3, request("GET", "site.test", "/answering"), true)
                .headers(5, request("PUT", "site.test", "/sending"), false).data(5, "half", false).take())
            .server(H2Bytes.server().headers(1, response(200), true).headers(3, response(200), false)
                .data(3, "some", false).take())
            .commandEnds()
            .serverEnds()
            .closes(),
        "--> GET https://site.test/done HTTP/2",
        "--> GET https://site.test/answering HTTP/2",
        "<-- 200 GET https://site.test/done",
        "<-- 200 GET https://site.test/answering 4B \"some\" ! the connection closed before the response",
        "<-- --- PUT https://site.test/sending ! the connection closed before the response");
  }

  @Test
  void bodiesAreKeptUpToTheCap() {
    H2Bytes command = H2Bytes.command();
    h2.keepingBodies(true, 4).hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("POST", "site.test", "/up"), false).data(1, "abc", false)
                .data(1, "defgh", true).take())
            .server(H2Bytes.server().headers(1, response(200), false).data(1, "0123456789", true).take())
            .bothEnd(),
        "--> POST https://site.test/up HTTP/2 8B \"abcd\"…",
        "<-- 200 POST https://site.test/up 10B \"0123\"…");
  }

  @Test
  void garbageAfterAnExchangeEndsObservationQuietly() {
    H2Bytes command = H2Bytes.command();
    h2.hearsUnderEveryCut(new Conversation()
            .command(command.headers(1, request("GET", "site.test", "/a"), true).take())
            .server(H2Bytes.server().headers(1, response(200), false).data(1, "fine", true).take())
            .command(Conversation.ascii("GET / HTTP/1.1\r\nHost: site.test\r\n\r\n"))
            .server(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f})
            .bothEnd(),
        "--> GET https://site.test/a HTTP/2",
        "<-- 200 GET https://site.test/a 4B \"fine\"");
  }

  @Test
  void http1WhereH2WasAgreedIsNotObserved() {
    h2.hearsUnderEveryCut(new Conversation()
        .command(Http1Text.get("/"))
        .server(Http1Text.ok("hi"))
        .bothEnd());
  }

  private static String randomLetters(int length) {
    Random random = new Random(42);
    StringBuilder letters = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    return letters.toString();
  }

  @Test
  void requestTrailersAndPaddedFrames() {
    H2Bytes command = H2Bytes.command();
    HttpExchangeEvent exchange = h2.hearsUnderEveryCut(new Conversation()
            .command(command.paddedHeaders(1, request("POST", "site.test", "/grpc", "te", "trailers"), 17, false)
                .paddedData(1, Conversation.ascii("message"), 30, false)
                .headers(1, trailers("x-checksum", "42"), true).take())
            .server(H2Bytes.server().paddedHeaders(1, response(200), 5, false)
                .paddedData(1, Conversation.ascii("reply"), 255, false).headers(1, trailers("grpc-status", "0"), true)
                .take())
            .bothEnd(),
        "--> POST https://site.test/grpc HTTP/2 7B \"message\"",
        "<-- 200 POST https://site.test/grpc 5B \"reply\"").exchange();

    assertThat(exchange.request().header("x-checksum")).isEqualTo("42");
    assertThat(exchange.response().header("grpc-status")).isEqualTo("0");
  }

  @Test
  void aHeaderTableSizeUpdateBetweenRequests() throws Exception {
    H2Bytes command = H2Bytes.command();
    String[] custom = {"x-session", "c2Vzc2lvbi0xMjM0NTY3ODkw"};
    Conversation conversation = new Conversation()
        .command(command.headers(1, request("GET", "site.test", "/before", custom), true).take())
        .server(H2Bytes.server().headers(1, response(200), true).settings().take());
    conversation.command(command.settingsAck().headerTableSize(0)
        .headers(3, request("GET", "site.test", "/after", custom), true).take());

    EventLog log = h2.hearsUnderEveryCut(conversation.bothEnd(),
        "--> GET https://site.test/before HTTP/2",
        "<-- 200 GET https://site.test/before",
        "--> GET https://site.test/after HTTP/2",
        "<-- --- GET https://site.test/after ! the connection closed before the response");

    assertThat(log.requests.get(1).request().header("x-session")).isEqualTo(custom[1]);
  }

  @Test
  void theConnectionClosingInTheMiddleOfFramesAbandonsTheirStreams() {
    H2Bytes command = H2Bytes.command();
    byte[] download = command.headers(3, request("GET", "site.test", "/down"), true).take();
    byte[] upload = command.headers(5, request("PUT", "site.test", "/up"), false)
        .data(5, "0123456789".repeat(10), true).take();
    byte[] answer = H2Bytes.server().headers(3, response(200), false).data(3, "partial", true).take();
    h2.hearsUnderEveryCut(new Conversation()
            .command(download)
            .command(Arrays.copyOf(upload, upload.length - 40))
            .server(Arrays.copyOf(answer, answer.length - 3))
            .closes(),
        "--> GET https://site.test/down HTTP/2",
        "<-- 200 GET https://site.test/down ! the connection closed before the response",
        "<-- --- PUT https://site.test/up ! the connection closed before the response");
  }

  @Test
  void framesAndSettingsItDoesNotKnowArePassedOver() {
    // As browsers send them: PRIORITY_UPDATE (RFC 9218), and reserved "GREASE" types and settings.
    byte[] greaseSetting = {0x0a, 0x0a, 0x12, 0x34, 0x56, 0x78};
    byte[] priorityUpdate = {0, 0, 0, 1, 'u', '=', '0'};
    H2Bytes command = H2Bytes.command();
    h2.hearsUnderEveryCut(new Conversation()
            .command(command.frame(0x4, 0, 0, greaseSetting).frame(0x10, 0, 0, priorityUpdate)
                .frame(0x2b, 0, 0xff, new byte[] {1, 2, 3}).headers(1, request("GET", "site.test", "/"), true).take())
            .server(H2Bytes.server().frame(0x5b, 1, 0, new byte[5]).headers(1, response(200), false)
                .frame(0x7a, 1, 0, new byte[0]).data(1, "ok", true).take())
            .bothEnd(),
        "--> GET https://site.test/ HTTP/2",
        "<-- 200 GET https://site.test/ 2B \"ok\"");
  }

  @Test
  void h2cWhoseServerSendsItsSettingsFirst() {
    // RFC 9113 3.4: the server's preface (SETTINGS) need not wait for the client's, and Netty's and
    // gRPC's servers send it as soon as the connection is up.
    H2Bytes server = H2Bytes.server();
    H2Bytes command = H2Bytes.command();
    TapRun.on(Connections.plain("93.184.216.34", 50051)).hearsUnderEveryCut(new Conversation()
            .server(server.take())
            .command(command.headers(1, request("POST", "site.test", "/Greeter/Hello"), false)
                .data(1, "hi", true).take())
            .server(server.settingsAck().headers(1, response(200), false).data(1, "hello", true).take())
            .bothEnd(),
        "--> POST http://site.test/Greeter/Hello HTTP/2 2B \"hi\"",
        "<-- 200 POST http://site.test/Greeter/Hello 5B \"hello\"");
  }
}

package dev.htapod.http;

import static dev.htapod.http.Http1Text.get;
import static dev.htapod.http.Http1Text.head;
import static dev.htapod.http.Http1Text.ok;
import static dev.htapod.http.WebSocketFrames.BINARY;
import static dev.htapod.http.WebSocketFrames.CLOSE;
import static dev.htapod.http.WebSocketFrames.CONTINUATION;
import static dev.htapod.http.WebSocketFrames.PING;
import static dev.htapod.http.WebSocketFrames.PONG;
import static dev.htapod.http.WebSocketFrames.TEXT;
import static dev.htapod.http.WebSocketFrames.closing;
import static dev.htapod.http.WebSocketFrames.masked;
import static dev.htapod.http.WebSocketFrames.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.WebSocketMessageEvent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSocket messages both ways after an HTTP/1.1 upgrade, replayed under every cut. */
@ExtendWith(LeakCheck.class)
class WebSocketObserverTest {
  private static final String UPGRADE = get("/chat", "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
  private static final String SWITCHING = head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket",
      "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  private static final String UPGRADE_LINE = "--> GET http://site.test/chat HTTP/1.1";
  private static final String SWITCHED_LINE = "<-- 101 GET http://site.test/chat";

  private final TapRun plain = TapRun.on(Connections.plain());

  /** The upgrade request and its 101; what the server sends next joins the 101's stream. */
  private static Conversation upgraded() {
    return new Conversation().command(UPGRADE).server(SWITCHING);
  }

  /** What is heard of {@link #upgraded()}, then {@code messages}. */
  private static String[] upgradedThen(String... messages) {
    return Stream.concat(Stream.of(UPGRADE_LINE, SWITCHED_LINE), Stream.of(messages)).toArray(String[]::new);
  }

  private static byte[] text(String text) {
    return Conversation.ascii(text);
  }

  @Test
  void messagesBothWaysAfterTheUpgrade() {
    EventLog log = plain.hearsUnderEveryCut(upgraded()
            .command(masked(true, TEXT, text("hello")))
            .server(plain(true, TEXT, text("hi there")))
            .command(masked(true, BINARY, new byte[] {1, 2, 3}))
            .server(plain(false, TEXT, text("frag")))
            .server(plain(false, CONTINUATION, text("ment")))
            .server(plain(true, CONTINUATION, text("ed")))
            .command(masked(true, PING, text("p")))
            .server(plain(true, PONG, text("p")))
            .command(masked(true, CLOSE, closing(1000, "bye")))
            .server(plain(true, CLOSE, closing(1000, "")))
            .bothEnd(),
        upgradedThen(
            "ws --> text 5B \"hello\"",
            "ws <-- text 8B \"hi there\"",
            "ws --> binary 3B \"\\x01\\x02\\x03\"",
            "ws <-- text 10B \"fragmented\"",
            "ws --> ping 1B \"p\"",
            "ws <-- pong 1B \"p\"",
            "ws --> close 5B \"\\x03\\xe8bye\"",
            "ws <-- close 2B \"\\x03\\xe8\""));

    WebSocketMessageEvent hello = log.messages.get(0);
    assertThat(hello.url()).isEqualTo("http://site.test/chat");
    assertThat(hello.fromCommand()).isTrue();
    assertThat(log.messages.get(1).fromCommand()).isFalse();
  }

  @Test
  void framesInTheSameSegmentAsTheSwitch() {
    plain.hearsUnderEveryCut(upgraded()
            .server(plain(true, TEXT, text("welcome")))
            .server(plain(true, BINARY, new byte[] {9}))
            .command(masked(true, TEXT, text("thanks")))
            .bothEnd(),
        upgradedThen(
            "ws <-- text 7B \"welcome\"",
            "ws <-- binary 1B \"\\x09\"",
            "ws --> text 6B \"thanks\""));
  }

  @Test
  void controlFramesBetweenTheFragmentsOfAMessage() {
    // RFC 6455 5.4: control frames may come in the middle of a fragmented message.
    plain.hearsUnderEveryCut(upgraded()
            .command(masked(false, BINARY, new byte[] {1, 2}))
            .command(masked(true, PING, text("are you there")))
            .command(masked(true, CONTINUATION, new byte[] {3}))
            .server(plain(false, TEXT, text("one, ")))
            .server(plain(true, PING, text("")))
            .server(plain(false, CONTINUATION, text("two, ")))
            .server(plain(true, PONG, text("x")))
            .server(plain(true, CONTINUATION, text("three")))
            .bothEnd(),
        upgradedThen(
            "ws --> ping 13B \"are you there\"",
            "ws --> binary 3B \"\\x01\\x02\\x03\"",
            "ws <-- ping 0B \"\"",
            "ws <-- pong 1B \"x\"",
            "ws <-- text 15B \"one, two, three\""));
  }

  @Test
  void payloadsAreKeptUpToTheCap() {
    plain.keepingBodies(true, 4).hearsUnderEveryCut(upgraded()
            .command(masked(true, TEXT, text("a longer message")))
            .server(plain(false, TEXT, text("ab")))
            .server(plain(true, CONTINUATION, text("cdef")))
            .bothEnd(),
        upgradedThen("ws --> text 16B \"a lo\"…", "ws <-- text 6B \"abcd\"…"));
  }

  @Test
  void payloadsNotKeptAreCountedOnly() {
    EventLog log = plain.keepingBodies(false, TapRun.CAP).hearsUnderEveryCut(upgraded()
            .command(masked(true, TEXT, text("hello")))
            .bothEnd(),
        upgradedThen("ws --> text 5B"));

    assertThat(log.messages.get(0).payload()).isNull();
  }

  @Test
  void longFramesWithExtendedLengths() {
    plain.keepingBodies(false, 0).hears(upgraded()
            .command(masked(true, BINARY, new byte[300]))
            .server(plain(true, BINARY, new byte[70_000]))
            .bothEnd(),
        List.of(Cuts.none(), Cuts.random(1), Cuts.random(2), Cuts.random(3)),
        upgradedThen("ws --> binary 300B", "ws <-- binary 70000B"));
  }

  @Test
  void aFrameOverTheLimitEndsWebSocketObservationBothWaysQuietly() {
    plain.keepingBodies(false, 0).hears(upgraded()
            .server(plain(true, TEXT, text("before")))
            .command(masked(true, BINARY, new byte[(1 << 20) + 1]))
            .server(plain(true, TEXT, text("after")))
            .command(masked(true, TEXT, text("after")))
            .bothEnd(),
        List.of(Cuts.none(), Cuts.random(1)),
        upgradedThen("ws <-- text 6B"));
  }

  @Test
  void theConnectionClosingInTheMiddleOfFramesIsQuiet() {
    byte[] frame = masked(true, TEXT, text("never finished"));
    plain.hearsUnderEveryCut(upgraded()
            .command(Arrays.copyOf(frame, frame.length - 4))
            .server(Arrays.copyOf(plain(true, BINARY, new byte[200]), 100))
            .closes(),
        upgradedThen());
  }

  @Test
  void aRefusedUpgradeStaysHttp() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(UPGRADE)
            .server(head("HTTP/1.1 400 Bad Request", "Content-Length: 2") + "no")
            .command(get("/plain"))
            .server(ok("yes"))
            .bothEnd(),
        UPGRADE_LINE,
        "<-- 400 GET http://site.test/chat 2B \"no\"",
        "--> GET http://site.test/plain HTTP/1.1",
        "<-- 200 GET http://site.test/plain 3B \"yes\"");
  }

  @Test
  void anUpgradePipelinedBehindAnotherRequest() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/first") + UPGRADE)
            .server(ok("first") + SWITCHING)
            .command(masked(true, TEXT, text("hello")))
            .server(plain(true, TEXT, text("hi")))
            .bothEnd(),
        "--> GET http://site.test/first HTTP/1.1",
        UPGRADE_LINE,
        "<-- 200 GET http://site.test/first 5B \"first\"",
        SWITCHED_LINE,
        "ws --> text 5B \"hello\"",
        "ws <-- text 2B \"hi\"");
  }

  @Test
  void anUpgradeToAnotherProtocolEndsObservationQuietly() {
    plain.hearsUnderEveryCut(new Conversation()
            .command(get("/", "Upgrade: h2c", "Connection: Upgrade, HTTP2-Settings", "HTTP2-Settings: AAMAAABkAAQ"))
            .server(head("HTTP/1.1 101 Switching Protocols", "Upgrade: h2c", "Connection: Upgrade"))
            .server(H2Bytes.server().take())
            .command(H2Bytes.command().take())
            .bothEnd(),
        "--> GET http://site.test/ HTTP/1.1",
        "<-- 101 GET http://site.test/");
  }
}

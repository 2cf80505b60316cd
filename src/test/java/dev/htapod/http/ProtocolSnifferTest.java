package dev.htapod.http;

import static dev.htapod.http.Http1Text.get;
import static dev.htapod.http.Http1Text.ok;

import dev.htapod.relay.TappedConnection;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which connections are observed as HTTP: told by the command's first bytes, not the port. Other
 * protocols are heard as nothing, under every cut, and never throw.
 */
@ExtendWith(LeakCheck.class)
class ProtocolSnifferTest {
  static Stream<Arguments> notHttp() {
    return Stream.of(
        Arguments.of("SMTP: the server speaks first", new Conversation()
            .server("220 mail.test ESMTP ready\r\n").command("EHLO client.test\r\n")
            .server("250 mail.test\r\n").command("QUIT\r\n").server("221 bye\r\n")),
        Arguments.of("a server speaking first, then an HTTP-looking request", new Conversation()
            .server("HELLO\r\n").command(get("/")).server(ok("hi"))),
        Arguments.of("a server speaking first as HTTP/2 does, then an HTTP/1 request", new Conversation()
            .server(H2Bytes.server().take()).command(get("/")).server(ok("hi"))),
        Arguments.of("binary", new Conversation()
            .command(new byte[] {0, 1, 2, 3, (byte) 0xff, 0x0d, 0x0a}).server(new byte[] {9, 8, 7})),
        Arguments.of("TLS not decrypted on a plain port", new Conversation()
            .command(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00})
            .server(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28})),
        Arguments.of("Redis", new Conversation()
            .command("*1\r\n$4\r\nPING\r\n").server("+PONG\r\n").command("PING\r\n").server("+PONG\r\n")),
        Arguments.of("an upper-case command that is not a request line", new Conversation()
            .command("SET key value\r\n").server("+OK\r\n")),
        Arguments.of("a request line in lower case", new Conversation()
            .command("get / HTTP/1.1\r\nHost: site.test\r\n\r\n").server(ok("hi"))),
        Arguments.of("nothing at all", new Conversation()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notHttp")
  void otherProtocolsAreHeardAsNothing(String what, Conversation conversation) {
    TapRun.on(Connections.plain()).hearsUnderEveryCut(conversation.bothEnd());
  }

  @Test
  void tlsRelayedUntouchedIsNotObserved() {
    TappedConnection untouched = Connections.untouchedTls("site.test");
    TapRun.on(untouched).hearsUnderEveryCut(new Conversation().command(get("/")).server(ok("hi")).bothEnd());
  }

  @Test
  void decryptedTlsWithoutAlpnIsSniffed() {
    TapRun.on(Connections.decrypted("site.test", 443, null)).hearsUnderEveryCut(new Conversation()
            .command(get("/")).server(ok("hi")).bothEnd(),
        "--> GET https://site.test/ HTTP/1.1",
        "<-- 200 GET https://site.test/ 2B \"hi\"");
  }

  @Test
  void decryptedTlsWithHttp1AlpnIsSniffed() {
    TapRun.on(Connections.decrypted("site.test", 443, "http/1.1")).hearsUnderEveryCut(new Conversation()
            .command(get("/")).server(ok("hi")).bothEnd(),
        "--> GET https://site.test/ HTTP/1.1",
        "<-- 200 GET https://site.test/ 2B \"hi\"");
  }

  @Test
  void aConnectionClosedBeforeAnyByteIsHeardAsNothing() {
    TapRun.on(Connections.plain()).hearsUnderEveryCut(new Conversation().closes());
    TapRun.on(Connections.decrypted("site.test", 443, "h2")).hearsUnderEveryCut(new Conversation().closes());
  }
}

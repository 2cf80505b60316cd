package dev.htapod.http;

import static dev.htapod.http.Connections.decrypted;
import static dev.htapod.http.Connections.plain;
import static dev.htapod.http.Http1Text.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.TappedConnection;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The URL an exchange is reported under: from the request's target and Host (or :authority), else
 * from what the connection tells of the server (SNI, then the address the command dialed); https
 * when htapod decrypted the connection.
 */
@ExtendWith(LeakCheck.class)
class RequestUrlTest {
  static Stream<Arguments> http1() {
    return Stream.of(
        row("Host field", plain(), head("GET /a?q=1 HTTP/1.1", "Host: site.test"),
            "http://site.test/a?q=1"),
        row("Host field with a port", plain("93.184.216.34", 8080), head("GET /a HTTP/1.1", "Host: site.test:8080"),
            "http://site.test:8080/a"),
        row("absolute-form target", plain(), head("GET http://other.test:81/x HTTP/1.1", "Host: other.test:81"),
            "http://other.test:81/x"),
        row("asterisk-form target", plain(), head("OPTIONS * HTTP/1.1", "Host: site.test"),
            "http://site.test"),
        row("no Host: the address dialed", plain("10.0.2.2", 80), head("GET /a HTTP/1.0"),
            "http://10.0.2.2/a"),
        row("no Host: the address dialed, and its port", plain("10.0.2.2", 8080), head("GET /a HTTP/1.0"),
            "http://10.0.2.2:8080/a"),
        row("no Host: an IPv6 address dialed", plain("fd00::2", 8080), head("GET /a HTTP/1.0"),
            "http://[fd00::2]:8080/a"),
        row("an empty Host: the address dialed", plain("10.0.2.2", 80), head("GET /a HTTP/1.1", "Host:"),
            "http://10.0.2.2/a"),
        row("decrypted, Host field", decrypted("sni.test", 443, null), head("GET /a HTTP/1.1", "Host: site.test"),
            "https://site.test/a"),
        row("decrypted, no Host: the SNI", decrypted("sni.test", 443, null), head("GET /a HTTP/1.0"),
            "https://sni.test/a"),
        row("decrypted on another port, no Host: the SNI and port", decrypted("sni.test", 8443, null),
            head("GET /a HTTP/1.0"), "https://sni.test:8443/a"),
        row("decrypted, neither Host nor SNI: the address dialed", decrypted(null, 443, null),
            head("GET /a HTTP/1.0"), "https://93.184.216.34/a"),
        row("decrypted, port 80 is not https's default", decrypted(null, 80, null),
            head("GET /a HTTP/1.0"), "https://93.184.216.34:80/a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("http1")
  void http1(String what, TappedConnection connection, String request, String url) {
    EventLog log = TapRun.on(connection).play(new Conversation()
        .command(request).server(Http1Text.ok("")).bothEnd());

    assertThat(log.exchange().url()).isEqualTo(url);
  }

  static Stream<Arguments> http2() {
    return Stream.of(
        row("decrypted, :authority", decrypted("sni.test", 443, "h2"), "site.test", "https://site.test/a"),
        row("decrypted, no :authority: the SNI", decrypted("sni.test", 443, "h2"), null, "https://sni.test/a"),
        row("h2c, :authority", plain("93.184.216.34", 8080), "site.test:8080", "http://site.test:8080/a"),
        row("h2c, no :authority: the address dialed", plain("10.0.2.2", 8080), null, "http://10.0.2.2:8080/a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("http2")
  void http2(String what, TappedConnection connection, String authority, String url) {
    EventLog log = TapRun.on(connection).play(new Conversation()
        .command(H2Bytes.command().headers(1, H2Bytes.request("GET", authority, "/a"), true).take())
        .server(H2Bytes.server().headers(1, H2Bytes.response(200), true).take())
        .bothEnd());

    assertThat(log.exchange().url()).isEqualTo(url);
  }

  private static Arguments row(String what, TappedConnection connection, String request, String url) {
    return Arguments.of(what, connection, request, url);
  }
}

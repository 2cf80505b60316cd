package dev.htapod.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHostTest {
  private static RequestHost of(String bytes) {
    return RequestHost.of(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsTheHostOfACompleteHeadWithoutItsPort() {
    assertThat(of("GET /x HTTP/1.1\r\nAccept: */*\r\nHost: Site.Test:8080\r\n\r\n"))
        .isEqualTo(new RequestHost(true, "site.test"));
    assertThat(of("POST / HTTP/1.0\r\nhost:api.test\r\n\r\nbody")).isEqualTo(new RequestHost(true, "api.test"));
  }

  @Test
  void waitsWhileTheBytesCanStillBeARequestHead() {
    assertThat(of("GE").complete()).isFalse();
    assertThat(of("GET /path HTT").complete()).isFalse();
    assertThat(of("GET /path HTTP/1.1\r").complete()).isFalse();
    assertThat(of("GET /path HTTP/1.1\r\nHost: site.test\r\n").complete()).isFalse();
  }

  @Test
  void otherProtocolsAreNeverKeptWaiting() {
    assertThat(of("AUTH secret\r\n")).isEqualTo(new RequestHost(true, null));
    assertThat(of("PING\r\n")).isEqualTo(new RequestHost(true, null));
    assertThat(of("\u0000\u0001binary")).isEqualTo(new RequestHost(true, null));
    assertThat(of("SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo(new RequestHost(true, null));
    assertThat(of("GET /" + "x".repeat(RequestHost.MAX_HEAD)).complete()).isTrue();
  }

  @Test
  void anAddressOrAMissingHostNamesNoServer() {
    assertThat(of("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n").name()).isNull();
    assertThat(of("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").name()).isNull();
    assertThat(of("GET / HTTP/1.0\r\n\r\n")).isEqualTo(new RequestHost(true, null));
  }
}

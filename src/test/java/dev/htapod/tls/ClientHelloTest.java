package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** ClientHellos as the JDK's TLS client really writes them. */
class ClientHelloTest {
  /** The first flight of a JDK client with {@code sni} (or none) and {@code alpn} offered. */
  private static ByteBuf clientHello(String sni, String... alpn) throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine(sni == null ? null : sni, 443);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    if (sni != null) {
      parameters.setServerNames(List.of(new SNIHostName(sni)));
    }
    parameters.setApplicationProtocols(alpn);
    engine.setSSLParameters(parameters);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    return Unpooled.wrappedBuffer(out);
  }

  @Test
  void readsServerNameAndProtocols() throws Exception {
    ByteBuf hello = clientHello("site.test", "h2", "http/1.1");
    assertThat(ClientHello.classify(hello)).isEqualTo(ClientHello.Verdict.TLS);
    assertThat(ClientHello.parse(hello)).isEqualTo(new ClientHello("site.test", List.of("h2", "http/1.1")));
    assertThat(hello.readerIndex()).isZero();
  }

  @Test
  void aHelloWithoutSniOrAlpnHasNeither() throws Exception {
    assertThat(ClientHello.parse(clientHello(null))).isEqualTo(new ClientHello(null, List.of()));
  }

  @Test
  void everyPrefixOfAHelloNeedsMore() throws Exception {
    ByteBuf hello = clientHello("site.test", "http/1.1");
    for (int length = 0; length < hello.readableBytes(); length++) {
      assertThat(ClientHello.classify(hello.slice(0, length))).as("prefix of %d bytes", length)
          .isEqualTo(ClientHello.Verdict.NEED_MORE);
    }
  }

  @Test
  void aHelloSplitAcrossTwoRecordsIsJoined() throws Exception {
    ByteBuf hello = clientHello("split.test", "h2");
    int body = hello.getUnsignedShort(3);
    int half = body / 2;
    ByteBuf split = Unpooled.buffer();
    split.writeBytes(hello, 0, 3).writeShort(half).writeBytes(hello, 5, half);
    split.writeBytes(hello, 0, 3).writeShort(body - half).writeBytes(hello, 5 + half, body - half);
    assertThat(ClientHello.parse(split)).isEqualTo(new ClientHello("split.test", List.of("h2")));
  }

  @Test
  void plainTextIsNotTls() {
    ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);
    assertThat(ClientHello.classify(http)).isEqualTo(ClientHello.Verdict.NOT_TLS);
    ByteBuf handshakeButNotHello = Unpooled.wrappedBuffer(new byte[] {22, 3, 3, 0, 4, 2, 0, 0, 0});
    assertThat(ClientHello.classify(handshakeButNotHello)).isEqualTo(ClientHello.Verdict.NOT_TLS);
  }

  @Test
  void garbageInsideARecordIsNotTls() {
    ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {22, 3, 1, 0, 6, 1, 0, 0, 2, (byte) 0xff, (byte) 0xff});
    assertThat(ClientHello.classify(garbage)).isEqualTo(ClientHello.Verdict.NOT_TLS);
  }
}

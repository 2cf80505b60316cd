package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The handshake messages of the made-up session (RFC 5246 7.4): just enough for Wireshark to
 * learn the randoms, the suite and the application protocol. There is no certificate or key
 * exchange, and Finished carries zeros: there was no real handshake to hash, and the real one
 * (between the command and htapod) used other keys anyway.
 */
final class TlsHandshake {
  private static final int CLIENT_HELLO = 1;
  private static final int SERVER_HELLO = 2;
  private static final int SERVER_HELLO_DONE = 14;
  private static final int FINISHED = 20;
  private static final int SERVER_NAME = 0;
  private static final int ALPN = 16;
  private static final int VERIFY_DATA = 12;

  private TlsHandshake() {}

  /**
   * A ClientHello offering only the session's suite, with the server name (SNI, RFC 6066 3) and
   * the application protocol (ALPN, RFC 7301 3.1) when known.
   */
  static void clientHello(ByteBuf out, byte[] random, String serverName, String alpn) {
    int message = startMessage(out, CLIENT_HELLO);
    out.writeShort(TlsRecordSealer.VERSION).writeBytes(random).writeByte(0); // no session id
    out.writeShort(2).writeShort(NullCipherSession.CIPHER_SUITE);
    out.writeByte(1).writeByte(0); // null compression only
    int extensions = mark(out, 2);
    if (serverName != null && !serverName.isEmpty()) {
      out.writeShort(SERVER_NAME);
      int extension = mark(out, 2);
      int list = mark(out, 2);
      out.writeByte(0); // host_name
      writeString16(out, serverName);
      fill16(out, list);
      fill16(out, extension);
    }
    writeAlpn(out, alpn);
    fill16(out, extensions);
    fill24(out, message);
  }

  /** A ServerHello choosing the suite and the application protocol, then ServerHelloDone. */
  static void serverHello(ByteBuf out, byte[] random, String alpn) {
    int message = startMessage(out, SERVER_HELLO);
    out.writeShort(TlsRecordSealer.VERSION).writeBytes(random).writeByte(0); // no session id
    out.writeShort(NullCipherSession.CIPHER_SUITE).writeByte(0);
    int extensions = mark(out, 2);
    writeAlpn(out, alpn);
    fill16(out, extensions);
    fill24(out, message);
    fill24(out, startMessage(out, SERVER_HELLO_DONE));
  }

  /** A Finished message. */
  static void finished(ByteBuf out) {
    int message = startMessage(out, FINISHED);
    out.writeZero(VERIFY_DATA);
    fill24(out, message);
  }

  private static void writeAlpn(ByteBuf out, String alpn) {
    if (alpn == null || alpn.isEmpty()) {
      return;
    }
    out.writeShort(ALPN);
    int extension = mark(out, 2);
    int list = mark(out, 2);
    byte[] name = alpn.getBytes(StandardCharsets.US_ASCII);
    out.writeByte(name.length).writeBytes(name);
    fill16(out, list);
    fill16(out, extension);
  }

  private static void writeString16(ByteBuf out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.writeShort(bytes.length).writeBytes(bytes);
  }

  /** Writes the message type and leaves room for its 24-bit length. */
  private static int startMessage(ByteBuf out, int type) {
    out.writeByte(type);
    return mark(out, 3);
  }

  private static int mark(ByteBuf out, int lengthBytes) {
    int at = out.writerIndex();
    out.writeZero(lengthBytes);
    return at;
  }

  private static void fill16(ByteBuf out, int at) {
    out.setShort(at, out.writerIndex() - at - 2);
  }

  private static void fill24(ByteBuf out, int at) {
    out.setMedium(at, out.writerIndex() - at - 3);
  }
}

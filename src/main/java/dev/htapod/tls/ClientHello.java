package dev.htapod.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a TLS ClientHello that decide how a connection is relayed: the server name (SNI,
 * RFC 6066 3) and the protocols offered (ALPN, RFC 7301 3.1). TLS is recognised by these first
 * bytes, on any port.
 *
 * @param serverName the SNI host name, or null when the client sent none
 * @param protocols the ALPN protocols offered, in the client's order; empty for none
 */
public record ClientHello(String serverName, List<String> protocols) {
  private static final int HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int SERVER_NAME = 0;
  private static final int ALPN = 16;
  /** A ClientHello is read from at most this many bytes (several records at most). */
  public static final int MAX_LENGTH = 1 << 16;

  public ClientHello {
    protocols = List.copyOf(protocols);
  }

  /** What the first bytes of a connection say. */
  public enum Verdict {
    /** A complete ClientHello: {@link #parse} returns it. */
    TLS,
    /** A TLS record has begun but not all of the ClientHello has arrived yet. */
    NEED_MORE,
    /** Not TLS (or a ClientHello we cannot read): relay the bytes as they are. */
    NOT_TLS
  }

  /** Looks at the readable bytes of {@code data} (not consumed). */
  public static Verdict classify(ByteBuf data) {
    if (data.readableBytes() < 1) {
      return Verdict.NEED_MORE;
    }
    if (data.getUnsignedByte(data.readerIndex()) != HANDSHAKE) {
      return Verdict.NOT_TLS;
    }
    ByteBuf body = handshakeBytes(data);
    if (body == null) {
      return data.readableBytes() >= MAX_LENGTH ? Verdict.NOT_TLS : Verdict.NEED_MORE;
    }
    if (body.readableBytes() < 4 || body.getUnsignedByte(0) != CLIENT_HELLO) {
      return Verdict.NOT_TLS;
    }
    int length = body.getUnsignedMedium(1);
    if (body.readableBytes() < 4 + length) {
      return data.readableBytes() >= MAX_LENGTH ? Verdict.NOT_TLS : Verdict.NEED_MORE;
    }
    return parse(data) == null ? Verdict.NOT_TLS : Verdict.TLS;
  }

  /** The ClientHello at the start of {@code data} (not consumed), or null when there is none. */
  public static ClientHello parse(ByteBuf data) {
    ByteBuf body = handshakeBytes(data);
    if (body == null || body.readableBytes() < 4 || body.getUnsignedByte(0) != CLIENT_HELLO) {
      return null;
    }
    try {
      int end = 4 + body.getUnsignedMedium(1);
      int i = 4 + 2 + 32; // version, random
      i += 1 + body.getUnsignedByte(i); // session id
      i += 2 + body.getUnsignedShort(i); // cipher suites
      i += 1 + body.getUnsignedByte(i); // compression methods
      String serverName = null;
      List<String> protocols = new ArrayList<>();
      if (i + 2 <= end) {
        int extensionsEnd = i + 2 + body.getUnsignedShort(i);
        i += 2;
        while (i + 4 <= Math.min(end, extensionsEnd)) {
          int type = body.getUnsignedShort(i);
          int length = body.getUnsignedShort(i + 2);
          int start = i + 4;
          if (start + length > end) {
            return null;
          }
          if (type == SERVER_NAME) {
            serverName = serverName(body, start, start + length);
          } else if (type == ALPN) {
            protocols = protocols(body, start, start + length);
          }
          i = start + length;
        }
      }
      return new ClientHello(serverName, protocols);
    } catch (IndexOutOfBoundsException malformed) {
      return null;
    }
  }

  /**
   * The handshake message bytes carried by the TLS records at the start of {@code data}, joined,
   * once they hold the whole ClientHello; null while they do not (or when a record is not a
   * handshake record).
   */
  private static ByteBuf handshakeBytes(ByteBuf data) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int i = data.readerIndex();
    int end = data.writerIndex();
    while (i + 5 <= end && data.getUnsignedByte(i) == HANDSHAKE) {
      int length = data.getUnsignedShort(i + 3);
      if (i + 5 + length > end) {
        break;
      }
      byte[] fragment = new byte[length];
      data.getBytes(i + 5, fragment);
      joined.writeBytes(fragment);
      i += 5 + length;
      ByteBuf body = Unpooled.wrappedBuffer(joined.toByteArray());
      if (body.readableBytes() >= 4 && body.readableBytes() >= 4 + body.getUnsignedMedium(1)) {
        return body;
      }
    }
    return null;
  }

  private static String serverName(ByteBuf body, int start, int end) {
    int i = start + 2; // list length
    while (i + 3 <= end) {
      int type = body.getUnsignedByte(i);
      int length = body.getUnsignedShort(i + 1);
      if (type == 0 && i + 3 + length <= end) {
        return body.toString(i + 3, length, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
      }
      i += 3 + length;
    }
    return null;
  }

  private static List<String> protocols(ByteBuf body, int start, int end) {
    List<String> protocols = new ArrayList<>();
    int i = start + 2; // list length
    while (i + 1 <= end) {
      int length = body.getUnsignedByte(i);
      if (i + 1 + length > end) {
        break;
      }
      protocols.add(body.toString(i + 1, length, StandardCharsets.US_ASCII));
      i += 1 + length;
    }
    return protocols;
  }
}

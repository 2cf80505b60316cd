package dev.htapod.http;

import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameTypes;
import java.util.Arrays;

/**
 * Tells HTTP by the command's first bytes, not by the port: the HTTP/2 connection preface means
 * h2c, a request line's method token means HTTP/1; anything else (or a server that speaks first,
 * unless with what may be an HTTP/2 server's SETTINGS) is not observed.
 */
final class ProtocolSniffer implements StreamTap {
  /** The longest method token taken for HTTP/1 ("PROPPATCH", "OPTIONS", ...). */
  private static final int METHOD_LIMIT = 16;
  /** The most of a server's first bytes kept while the command has yet to speak. */
  private static final int SERVER_FIRST_LIMIT = 1024;

  private final Recording recording;
  private final TappedConnection connection;
  private StreamTap observer;
  /** The command's first bytes while they are too few to tell the preface from "POST" or "PUT". */
  private byte[] early;
  /** The server's first bytes while they may be an h2c server's SETTINGS, sent before the command spoke. */
  private byte[] serverFirst;

  ProtocolSniffer(Recording recording, TappedConnection connection) {
    this.recording = recording;
    this.connection = connection;
  }

  @Override
  public void fromCommand(ByteBuf bytes) {
    if (observer == null && early != null) {
      ByteBuf joined = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(early), bytes.retainedDuplicate());
      early = null;
      try {
        fromCommand(joined);
      } finally {
        joined.release();
      }
      return;
    }
    if (observer == null) {
      if (bytes.readableBytes() < 4 && startsPreface(bytes)) {
        early = ByteBufUtil.getBytes(bytes);
        return;
      }
      observer = serverFirst == null ? choose(bytes)
          : startsPreface(bytes) ? new H2Observer(recording, connection) : StreamTap.NONE;
      if (serverFirst != null) {
        ByteBuf first = Unpooled.wrappedBuffer(serverFirst);
        serverFirst = null;
        observer.fromServer(first);
        first.release();
      }
    }
    observer.fromCommand(bytes);
  }

  @Override
  public void fromServer(ByteBuf bytes) {
    if (observer == null) {
      byte[] seen = joined(serverFirst, bytes);
      if (mayBeServerPreface(seen)) {
        serverFirst = seen;
        return;
      }
      serverFirst = null;
      observer = StreamTap.NONE;
    }
    observer.fromServer(bytes);
  }

  @Override
  public void commandEnded() {
    if (observer != null) {
      observer.commandEnded();
    }
  }

  @Override
  public void serverEnded() {
    if (observer != null) {
      observer.serverEnded();
    }
  }

  @Override
  public void closed() {
    if (observer != null) {
      observer.closed();
    }
  }

  /** Not HTTP: nothing more to see. */
  @Override
  public boolean done() {
    return observer == StreamTap.NONE;
  }

  private StreamTap choose(ByteBuf bytes) {
    if (startsPreface(bytes)) {
      return new H2Observer(recording, connection);
    }
    return startsWithMethod(bytes) ? new Http1Observer(recording, connection) : StreamTap.NONE;
  }

  /** Whether {@code bytes} begin as the HTTP/2 connection preface does (as far as they go). */
  private static boolean startsPreface(ByteBuf bytes) {
    ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
    int compared = Math.min(bytes.readableBytes(), preface.readableBytes());
    return ByteBufUtil.equals(bytes, bytes.readerIndex(), preface, 0, compared);
  }

  /**
   * Whether a server's first bytes may begin an HTTP/2 server's preface: a SETTINGS frame on stream
   * 0, which it need not hold back until the client's preface came (RFC 9113 3.4).
   */
  private static boolean mayBeServerPreface(byte[] bytes) {
    if (bytes.length > SERVER_FIRST_LIMIT) {
      return false;
    }
    for (int i = 3; i < Math.min(bytes.length, Http2CodecUtil.FRAME_HEADER_LENGTH); i++) {
      if (bytes[i] != (i == 3 ? Http2FrameTypes.SETTINGS : 0)) {
        return false; // type SETTINGS; no flags (not an ACK); stream 0
      }
    }
    return true;
  }

  private static byte[] joined(byte[] first, ByteBuf bytes) {
    int kept = first == null ? 0 : first.length;
    byte[] joined = Arrays.copyOf(first == null ? new byte[0] : first, kept + bytes.readableBytes());
    bytes.getBytes(bytes.readerIndex(), joined, kept, bytes.readableBytes());
    return joined;
  }

  /** An upper-case token and a space, as every HTTP/1 request line begins (RFC 9112 3). */
  private static boolean startsWithMethod(ByteBuf bytes) {
    int end = Math.min(bytes.readableBytes(), METHOD_LIMIT + 1);
    for (int i = 0; i < end; i++) {
      byte b = bytes.getByte(bytes.readerIndex() + i);
      if (b == ' ') {
        return i > 0;
      }
      if (b < 'A' || b > 'Z') {
        return false;
      }
    }
    return end <= METHOD_LIMIT; // a method cut short by the segment's end: the decoder decides
  }
}

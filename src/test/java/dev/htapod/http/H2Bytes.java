package dev.htapod.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's HTTP/2 bytes as Netty's frame writer writes them, with one HPACK encoder for all its
 * header blocks (so later blocks refer to what earlier ones put in the dynamic table).
 */
final class H2Bytes {
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelHandlerAdapter() {});
  private final ChannelHandlerContext context = channel.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter(new DefaultHttp2HeadersEncoder());
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  private H2Bytes() {}

  /** The command's side: the connection preface, then its SETTINGS. */
  static H2Bytes command() {
    H2Bytes bytes = new H2Bytes();
    ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
    bytes.written.writeBytes(ByteBufUtil.getBytes(preface));
    preface.release();
    return bytes.settings();
  }

  /** The server's side: its SETTINGS. */
  static H2Bytes server() {
    return new H2Bytes().settings();
  }

  static Http2Headers request(String method, String authority, String path, String... namesAndValues) {
    Http2Headers headers = new DefaultHttp2Headers().method(method).scheme("https").path(path);
    if (authority != null) {
      headers.authority(authority);
    }
    return with(headers, namesAndValues);
  }

  static Http2Headers response(int status, String... namesAndValues) {
    return with(new DefaultHttp2Headers().status(String.valueOf(status)), namesAndValues);
  }

  static Http2Headers trailers(String... namesAndValues) {
    return with(new DefaultHttp2Headers(), namesAndValues);
  }

  H2Bytes settings() {
    return write(writer.writeSettings(context, new Http2Settings(), context.newPromise()));
  }

  H2Bytes settingsAck() {
    return write(writer.writeSettingsAck(context, context.newPromise()));
  }

  H2Bytes ping(long data) {
    return write(writer.writePing(context, false, data, context.newPromise()));
  }

  H2Bytes headers(int stream, Http2Headers headers, boolean endStream) {
    return write(writer.writeHeaders(context, stream, headers, 0, endStream, context.newPromise()));
  }

  H2Bytes data(int stream, String text, boolean endStream) {
    return data(stream, Conversation.ascii(text), endStream);
  }

  H2Bytes data(int stream, byte[] bytes, boolean endStream) {
    return paddedData(stream, bytes, 0, endStream);
  }

  /** DATA with {@code padding} bytes of padding (the pad length field counts as one). */
  H2Bytes paddedData(int stream, byte[] bytes, int padding, boolean endStream) {
    return write(writer.writeData(context, stream, Unpooled.wrappedBuffer(bytes), padding, endStream,
        context.newPromise()));
  }

  /** HEADERS with {@code padding} bytes of padding and a priority. */
  H2Bytes paddedHeaders(int stream, Http2Headers headers, int padding, boolean endStream) {
    return write(writer.writeHeaders(context, stream, headers, 0, (short) 32, false, padding, endStream,
        context.newPromise()));
  }

  /** The HPACK encoder's table shrinks (as when the peer's SETTINGS ask it to); the next block says so. */
  H2Bytes headerTableSize(long size) throws Http2Exception {
    writer.headersConfiguration().maxHeaderTableSize(size);
    return this;
  }

  H2Bytes windowUpdate(int stream, int increment) {
    return write(writer.writeWindowUpdate(context, stream, increment, context.newPromise()));
  }

  H2Bytes reset(int stream, Http2Error error) {
    return write(writer.writeRstStream(context, stream, error.code(), context.newPromise()));
  }

  H2Bytes pushPromise(int stream, int promised, Http2Headers headers) {
    return write(writer.writePushPromise(context, stream, promised, headers, 0, context.newPromise()));
  }

  /** A frame of any {@code type}, known to HTTP/2 or not. */
  H2Bytes frame(int type, int stream, int flags, byte[] payload) {
    Http2Flags bits = new Http2Flags((short) flags);
    return write(writer.writeFrame(context, (byte) type, stream, bits, Unpooled.wrappedBuffer(payload),
        context.newPromise()));
  }

  H2Bytes goAway(int lastStream) {
    return write(writer.writeGoAway(context, lastStream, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
        context.newPromise()));
  }

  /**
   * The frames in {@code bytes} (which start at a frame), as type and payload length: {@code
   * "HEADERS 39"}.
   */
  static List<String> frames(byte[] bytes) {
    String[] names = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
        "WINDOW_UPDATE", "CONTINUATION"};
    List<String> frames = new ArrayList<>();
    for (int at = 0; at + 9 <= bytes.length; ) {
      int length = (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
      frames.add(names[bytes[at + 3]] + " " + length);
      at += 9 + length;
    }
    return frames;
  }

  /** What was written since the last call. */
  byte[] take() {
    byte[] bytes = written.toByteArray();
    written.reset();
    return bytes;
  }

  private H2Bytes write(ChannelFuture done) {
    channel.flushOutbound();
    if (done.cause() != null) {
      throw new IllegalStateException("the frame writer failed", done.cause());
    }
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      out.release();
      written.writeBytes(bytes);
    }
    return this;
  }

  private static Http2Headers with(Http2Headers headers, String... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}

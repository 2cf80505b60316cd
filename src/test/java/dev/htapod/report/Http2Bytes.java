package dev.htapod.report;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;

/**
 * One side's HTTP/2 byte stream, as Netty's frame writer (with its HPACK encoder, Huffman and
 * all) puts it on the wire. Each side needs its own: HPACK state lives per direction.
 */
final class Http2Bytes {
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext context = channel.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();

  /** The client's connection preface (RFC 9113 3.4): the magic, then its SETTINGS. */
  Http2Bytes preface() {
    channel.writeOutbound(Http2CodecUtil.connectionPrefaceBuf());
    return settings();
  }

  Http2Bytes settings() {
    writer.writeSettings(context, new Http2Settings(), context.newPromise());
    return this;
  }

  Http2Bytes settingsAck() {
    writer.writeSettingsAck(context, context.newPromise());
    return this;
  }

  Http2Bytes headers(int stream, Http2Headers headers, boolean endStream) {
    writer.writeHeaders(context, stream, headers, 0, endStream, context.newPromise());
    return this;
  }

  Http2Bytes data(int stream, String text, boolean endStream) {
    ByteBuf data = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    writer.writeData(context, stream, data, 0, endStream, context.newPromise());
    return this;
  }

  /** What was written so far, in one buffer; the caller releases it. */
  ByteBuf take() {
    channel.flushOutbound();
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
      all.writeBytes(part);
      part.release();
    }
    return all;
  }
}

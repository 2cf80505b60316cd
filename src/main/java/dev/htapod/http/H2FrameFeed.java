package dev.htapod.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;

/**
 * One direction of an HTTP/2 connection: bytes in, frames out to a listener. It accepts whatever
 * frame and header-table sizes the peers agreed on, as it only reads what they already accepted.
 */
final class H2FrameFeed {
  private static final long HEADER_LIST_LIMIT = 1 << 20;

  private final DefaultHttp2FrameReader reader;
  private final Http2FrameListener listener;
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelHandlerAdapter() {});
  private final ChannelHandlerContext context = channel.pipeline().firstContext();
  private final CompositeByteBuf pending = Unpooled.compositeBuffer();

  H2FrameFeed(Http2FrameListener listener) {
    this.listener = listener;
    this.reader = new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(false, HEADER_LIST_LIMIT));
    try {
      reader.maxFrameSize(Http2CodecUtil.MAX_FRAME_SIZE_UPPER_BOUND);
      reader.headersConfiguration().maxHeaderTableSize(Http2CodecUtil.MAX_HEADER_TABLE_SIZE);
    } catch (Http2Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the frames {@code bytes} complete; {@code bytes} are only read. */
  void feed(ByteBuf bytes) throws Http2Exception {
    pending.addComponent(true, bytes.retainedDuplicate()); // a partial frame waits here
    reader.readFrame(context, pending, listener);
    pending.discardReadComponents();
  }

  void release() {
    pending.release();
    reader.close();
    channel.finishAndReleaseAll();
  }
}

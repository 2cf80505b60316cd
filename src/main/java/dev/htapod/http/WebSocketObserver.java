package dev.htapod.http;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.WebSocketMessageEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * WebSocket frames both ways after an upgrade, one event per message (fragments joined). Netty's
 * decoder holds a whole frame before handing it on, so frames over {@link #FRAME_LIMIT} end the
 * observation rather than the run's memory.
 */
final class WebSocketObserver {
  private static final int FRAME_LIMIT = 1 << 20;

  private final Recording recording;
  private final String url;
  private final ProcessInfo process;
  private final EmbeddedChannel fromCommand;
  private final EmbeddedChannel fromServer;
  private boolean stopped;

  WebSocketObserver(Recording recording, String url, ProcessInfo process) {
    this.recording = recording;
    this.url = url;
    this.process = process;
    this.fromCommand = new EmbeddedChannel(new WebSocket13FrameDecoder(config(true)), new Messages(true));
    this.fromServer = new EmbeddedChannel(new WebSocket13FrameDecoder(config(false)), new Messages(false));
  }

  private static WebSocketDecoderConfig config(boolean masked) {
    return WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(masked)
        .allowMaskMismatch(true)
        .allowExtensions(true)
        .maxFramePayloadLength(FRAME_LIMIT)
        .closeOnProtocolViolation(false)
        .withUTF8Validator(false)
        .build();
  }

  /** Frames the command sent; {@code bytes} are only read. */
  void fromCommand(ByteBuf bytes) {
    feed(fromCommand, bytes);
  }

  void fromServer(ByteBuf bytes) {
    feed(fromServer, bytes);
  }

  void closed() {
    stopped = true;
    fromCommand.finishAndReleaseAll();
    fromServer.finishAndReleaseAll();
  }

  private void feed(EmbeddedChannel channel, ByteBuf bytes) {
    if (stopped) {
      return;
    }
    try {
      channel.writeInbound(bytes.retainedDuplicate()); // the decoder may keep a partial frame
    } catch (RuntimeException e) {
      stopped = true; // not WebSocket as Netty knows it, or a frame over the limit
    }
  }

  /** Joins a message's fragments and tells the listener once its last one is in. */
  private final class Messages extends ChannelInboundHandlerAdapter {
    private final boolean command;
    private String kind;
    private BodyCapture payload;

    Messages(boolean command) {
      this.command = command;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      try {
        if (stopped || !(message instanceof WebSocketFrame frame)) {
          return;
        }
        if (frame instanceof CloseWebSocketFrame || frame instanceof PingWebSocketFrame
            || frame instanceof PongWebSocketFrame) {
          // RFC 6455 5.4: a control frame may come between a message's fragments, which go on after it.
          BodyCapture alone = new BodyCapture(recording.cap(null));
          alone.add(frame.content());
          tell(kind(frame), alone);
          return;
        }
        if (!(frame instanceof ContinuationWebSocketFrame) || payload == null) {
          kind = kind(frame);
          payload = new BodyCapture(recording.cap(null));
        }
        payload.add(frame.content());
        if (frame.isFinalFragment()) {
          tell(kind, payload);
          payload = null;
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    private void tell(String kind, BodyCapture payload) {
      recording.listener().webSocketMessage(new WebSocketMessageEvent(url, command, kind, payload.size(),
          recording.bodies() ? payload.bytes() : null, process));
    }

    private static String kind(WebSocketFrame frame) {
      if (frame instanceof BinaryWebSocketFrame) {
        return "binary";
      } else if (frame instanceof CloseWebSocketFrame) {
        return "close";
      } else if (frame instanceof PingWebSocketFrame) {
        return "ping";
      } else if (frame instanceof PongWebSocketFrame) {
        return "pong";
      }
      return "text";
    }
  }
}

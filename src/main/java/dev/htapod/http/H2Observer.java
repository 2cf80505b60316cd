package dev.htapod.http;

import dev.htapod.api.HttpHeader;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/2 on one connection (decrypted h2, or h2c with prior knowledge): each stream is an
 * exchange, its pseudo-headers giving method, URL and status. Frames are read by Netty's frame
 * reader from views of the relayed bytes, one reader (and HPACK table) per direction.
 */
final class H2Observer implements StreamTap {
  private final Recording recording;
  private final TappedConnection connection;
  private final Map<Integer, Exchange> streams = new HashMap<>();
  private final H2FrameFeed commandSide;
  private final H2FrameFeed serverSide;
  private int prefaceLeft = Http2CodecUtil.connectionPrefaceBuf().readableBytes();
  private boolean stopped;

  H2Observer(Recording recording, TappedConnection connection) {
    this.recording = recording;
    this.connection = connection;
    this.commandSide = new H2FrameFeed(new CommandFrames());
    this.serverSide = new H2FrameFeed(new ServerFrames());
  }

  @Override
  public void fromCommand(ByteBuf bytes) {
    if (stopped) {
      return;
    }
    ByteBuf frames = bytes.duplicate();
    if (prefaceLeft > 0) {
      int skip = Math.min(prefaceLeft, frames.readableBytes());
      ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
      if (!ByteBufUtil.equals(frames, frames.readerIndex(), preface, preface.readableBytes() - prefaceLeft, skip)) {
        stop("no HTTP/2 connection preface");
        return;
      }
      frames.skipBytes(skip);
      prefaceLeft -= skip;
    }
    feed(commandSide, frames);
  }

  @Override
  public void fromServer(ByteBuf bytes) {
    if (!stopped) {
      feed(serverSide, bytes);
    }
  }

  @Override
  public void closed() {
    stop("the connection closed before the response");
    commandSide.release();
    serverSide.release();
  }

  private void feed(H2FrameFeed side, ByteBuf bytes) {
    if (!bytes.isReadable()) {
      return;
    }
    try {
      side.feed(bytes);
    } catch (Exception e) {
      stop("HTTP/2 that could not be parsed: " + e.getMessage());
    }
  }

  private void stop(String reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    streams.values().forEach(exchange -> exchange.abandon(reason));
    streams.clear();
  }

  private static List<HttpHeader> headers(Http2Headers headers) {
    List<HttpHeader> list = new ArrayList<>(headers.size());
    headers.forEach(entry -> list.add(new HttpHeader(entry.getKey().toString(), entry.getValue().toString())));
    return list;
  }

  private void abandon(int streamId, String reason) {
    Exchange exchange = streams.remove(streamId);
    if (exchange != null) {
      exchange.abandon(reason);
    }
  }

  private Exchange request(Http2Headers headers) {
    String path = headers.path() == null ? "/" : headers.path().toString();
    String authority = headers.authority() == null ? null : headers.authority().toString();
    String method = headers.method() == null ? "GET" : headers.method().toString();
    return new Exchange(recording, connection, method, Urls.of(connection, authority, path), "HTTP/2",
        headers(headers));
  }

  /** Frames of one direction; priority information in HEADERS does not matter here. */
  private abstract static class Frames extends Http2FrameAdapter {
    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int dependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }
  }

  /** The command's frames: requests, their bodies and trailers. */
  private final class CommandFrames extends Frames {
    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) {
      Exchange exchange = streams.get(streamId);
      if (exchange == null) {
        exchange = request(headers);
        streams.put(streamId, exchange);
        if (endOfStream) {
          exchange.requestEnded(List.of());
        }
      } else if (endOfStream) {
        exchange.requestEnded(headers(headers));
      }
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      Exchange exchange = streams.get(streamId);
      if (exchange != null && !exchange.requestComplete()) {
        exchange.requestBody().add(data);
        if (endOfStream) {
          exchange.requestEnded(List.of());
        }
      }
      return data.readableBytes() + padding;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      abandon(streamId, "the command reset the stream (error " + errorCode + ")");
    }
  }

  /** The server's frames: response heads (1xx skipped), bodies, trailers and pushed requests. */
  private final class ServerFrames extends Frames {
    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) {
      Exchange exchange = streams.get(streamId);
      if (exchange == null) {
        return;
      }
      if (!exchange.hasResponse()) {
        int status = status(headers);
        if (status >= 100 && status < 200) {
          return;
        }
        exchange.responseStarted(status, headers(headers));
        if (endOfStream) {
          ended(streamId, List.of());
        }
      } else if (endOfStream) {
        ended(streamId, headers(headers));
      }
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      Exchange exchange = streams.get(streamId);
      if (exchange != null && exchange.hasResponse()) {
        exchange.responseBody().add(data);
        if (endOfStream) {
          ended(streamId, List.of());
        }
      }
      return data.readableBytes() + padding;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      abandon(streamId, "the server reset the stream (error " + errorCode + ")");
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
        Http2Headers headers, int padding) {
      Exchange pushed = request(headers);
      streams.put(promisedStreamId, pushed);
      pushed.requestEnded(List.of());
    }

    private int status(Http2Headers headers) {
      try {
        return headers.status() == null ? 0 : Integer.parseInt(headers.status().toString());
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    private void ended(int streamId, List<HttpHeader> trailers) {
      streams.remove(streamId).responseEnded(trailers);
    }
  }
}

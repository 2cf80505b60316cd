package dev.htapod.replay;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.ReplayEvent;
import dev.htapod.netstack.wire.AddressText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import java.util.Locale;
import java.util.Set;

/**
 * Answers each request of a replayed connection (HTTP/1.1 from Netty's server codec and
 * aggregator, HTTP/2 through its HTTP/1-style adapter) from the recording: the recorded status,
 * headers and body bytes, chunked when they were. Framing is the codec's: the recorded framing and
 * hop-by-hop headers are left out and set again to fit the bytes sent. A request the recording
 * lacks goes to {@link MissedRequests}.
 */
final class ReplayAnswerer extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** Headers about the recorded connection or framing, not the response (RFC 9110 7.6.1). */
  private static final Set<String> FRAMING = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "te", "trailer", "content-length", "http2-settings");

  private final ReplayBook book;
  private final Replayer.Serving serving;
  private final ReplayedTcp connection;

  ReplayAnswerer(ReplayBook book, Replayer.Serving serving, ReplayedTcp connection) {
    this.book = book;
    this.serving = serving;
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      connection.refuse("not HTTP, which is all a replay answers: reset");
      ctx.close();
      return;
    }
    String streamId = request.headers().get(ExtensionHeaderNames.STREAM_ID.text());
    String method = request.method().name();
    String url = url(request);
    byte[] body = ByteBufUtil.getBytes(request.content());
    ReplayBook.Lookup found = book.find(method, url, request.headers()::get, body);
    boolean head = request.method().equals(HttpMethod.HEAD);
    if (found.answer() != null) {
      tell(new ReplayEvent(method, url, true, found.answer().status(), null, null));
      send(ctx, streamId, responses(found.answer(), request.protocolVersion(), head, streamId != null));
      return;
    }
    MissedRequests misses = serving.misses();
    if (misses.fails()) {
      serving.errors().report(url, method + " is not in the recording (" + found.miss() + "): answered 502",
          connection.owner());
    }
    tell(new ReplayEvent(method, url, false, misses.fails() ? 502 : 0, found.miss(), null));
    misses.answer(new MissedRequests.Miss(request.retain(), url, found.miss(), connection.key(), connection.serverName(),
        connection.tls()), response -> {
          send(ctx, streamId, new Object[] {response});
          connection.drain();
        }, why -> {
          send(ctx, streamId, new Object[] {MissedRequests.badGateway("htapod --replay: " + method + " " + url
              + " is not in the recording, and the network failed: " + why + "\n")});
          connection.drain();
        });
  }

  private void tell(ReplayEvent event) {
    connection.owner().whenComplete((process, never) -> serving.listener().replay(
        new ReplayEvent(event.method(), event.url(), event.hit(), event.status(), event.reason(), process)));
  }

  /** Writes a response's parts, on stream {@code streamId} for HTTP/2. */
  private static void send(ChannelHandlerContext ctx, String streamId, Object[] parts) {
    if (!ctx.channel().isOpen()) {
      for (Object part : parts) {
        io.netty.util.ReferenceCountUtil.release(part);
      }
      return;
    }
    if (streamId != null && parts[0] instanceof FullHttpResponse response) {
      response.headers().set(ExtensionHeaderNames.STREAM_ID.text(), streamId);
      response.headers().remove(HttpHeaderNames.CONNECTION);
      response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
    for (Object part : parts) {
      ctx.write(part);
    }
    ctx.flush();
  }

  /** The request's URL: scheme from the connection, authority from Host (or :authority), else the SNI or address. */
  private String url(FullHttpRequest request) {
    String target = request.uri();
    if (target.startsWith("http://") || target.startsWith("https://")) {
      return target;
    }
    String scheme = connection.tls() ? "https" : "http";
    String authority = request.headers().get(HttpHeaderNames.HOST);
    if (authority == null || authority.isEmpty()) {
      String host = connection.serverName() != null ? connection.serverName()
          : AddressText.of(connection.key().server().toInetAddress());
      authority = host + ":" + connection.key().serverPort();
    }
    return scheme + "://" + authority + (target.startsWith("/") ? target : "/");
  }

  /** The recorded answer as the parts to write: one full response, or a head and a chunked body. */
  static Object[] responses(RecordedAnswer answer, HttpVersion version, boolean head, boolean http2) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(answer.status());
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (HttpHeader header : answer.headers()) {
      if (!FRAMING.contains(header.name().toLowerCase(Locale.ROOT))) {
        headers.add(header.name(), header.value());
      }
    }
    HttpHeaders trailers = DefaultHttpHeadersFactory.trailersFactory().withValidation(false).newHeaders();
    answer.trailers().forEach(trailer -> trailers.add(trailer.name(), trailer.value()));
    boolean bodiless = answer.status() < 200 || answer.status() == 204 || answer.status() == 304;
    ByteBuf content = head || bodiless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body());
    if (head) {
      String length = HttpHeader.first(answer.headers(), "Content-Length");
      if (length != null) {
        headers.set(HttpHeaderNames.CONTENT_LENGTH, length); // what the GET would have carried
      }
    }
    if (!http2 && answer.chunked() && !head && !bodiless) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      return new Object[] {new DefaultHttpResponse(version, status, headers), new DefaultLastHttpContent(content, trailers)};
    }
    if (!head && !bodiless) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    }
    if (!http2 && answer.closes()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return new Object[] {new DefaultFullHttpResponse(version, status, content, headers, trailers)};
  }
}

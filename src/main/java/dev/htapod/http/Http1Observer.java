package dev.htapod.http;

import dev.htapod.api.HttpHeader;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.FlowOwners;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.x on one connection: requests and responses are parsed by Netty's decoders from views
 * of the relayed bytes and paired in order (keep-alive and pipelining alike). A response to HEAD
 * has no body whatever its headers say; 1xx responses are skipped; a 101 to a WebSocket upgrade
 * hands both directions to a {@link WebSocketObserver}.
 */
final class Http1Observer implements StreamTap {
  private static final int HEAD_LIMIT = 64 << 10;
  /** The command's bytes kept after an upgrade request while its answer is awaited. */
  private static final int HELD_LIMIT = 1 << 20;

  private final Recording recording;
  private final TappedConnection connection;
  private final ArrayDeque<Exchange> awaiting = new ArrayDeque<>();
  private final EmbeddedChannel requests;
  private final EmbeddedChannel responses;
  private Exchange reading;
  private Exchange answering;
  private boolean informational;
  /** The head of a response without a body, as sent: the decoder then removes its Transfer-Encoding. */
  private List<HttpHeader> bodilessHead;
  private CompositeByteBuf held;
  private WebSocketObserver webSocket;
  private boolean stopped;

  Http1Observer(Recording recording, TappedConnection connection) {
    this.recording = recording;
    this.connection = connection;
    this.requests = new EmbeddedChannel(new HttpRequestDecoder(config()), new Requests());
    this.responses = new EmbeddedChannel(new Responses(), new ResponseParts());
  }

  private static HttpDecoderConfig config() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(HEAD_LIMIT)
        .setMaxHeaderSize(HEAD_LIMIT)
        .setMaxChunkSize(1 << 20)
        .setValidateHeaders(false)
        .setAllowDuplicateContentLengths(true);
  }

  @Override
  public void fromCommand(ByteBuf bytes) {
    if (stopped) {
      return;
    }
    if (webSocket != null) {
      webSocket.fromCommand(bytes);
    } else if (held != null) {
      if (held.readableBytes() + bytes.readableBytes() > HELD_LIMIT) {
        stop("an upgrade request was followed by more than " + HELD_LIMIT + " bytes before its answer");
      } else {
        held.addComponent(true, bytes.retainedDuplicate());
      }
    } else {
      feed(requests, bytes.retainedDuplicate());
    }
  }

  @Override
  public void fromServer(ByteBuf bytes) {
    if (!stopped) {
      feed(responses, bytes.retainedDuplicate());
    }
  }

  @Override
  public void serverEnded() {
    // A response without a length ends with the connection: the decoder's last call ends it.
    if (!stopped) {
      guarded(responses::finish);
    }
  }

  @Override
  public void closed() {
    if (!stopped) {
      guarded(responses::finish);
    }
    stop("the connection closed before the response");
    requests.finishAndReleaseAll();
    responses.finishAndReleaseAll();
  }

  /** {@code bytes} is retained for the decoder, which keeps what it has not decoded yet. */
  private void feed(EmbeddedChannel channel, ByteBuf bytes) {
    guarded(() -> channel.writeInbound(bytes));
  }

  /** What the decoders raise (they report malformed input as a result, so rarely) stops observing. */
  private void guarded(Runnable operation) {
    try {
      operation.run();
    } catch (RuntimeException e) {
      stop("HTTP/1 observation failed: " + e);
    }
  }

  /**
   * The connection is no longer observed: exchanges in flight end with {@code reason}. The decoders
   * are left for {@link #closed()}, as this may run inside one of them.
   */
  private void stop(String reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (reading != null) {
      reading.abandon(reason);
      reading = null;
    }
    Exchange exchange;
    while ((exchange = awaiting.poll()) != null) {
      exchange.abandon(reason);
    }
    if (held != null) {
      held.release();
      held = null;
    }
    if (webSocket != null) {
      webSocket.closed();
    }
  }

  static List<HttpHeader> headers(HttpHeaders headers) {
    List<HttpHeader> list = new ArrayList<>(headers.size());
    headers.iteratorAsString().forEachRemaining(entry -> list.add(new HttpHeader(entry.getKey(), entry.getValue())));
    return list;
  }

  private boolean failed(HttpObject message) {
    DecoderResult result = message.decoderResult();
    if (result.cause() instanceof PrematureChannelClosureException) {
      stop("the connection closed before the response"); // the decoder's end came inside a message
    } else if (result.isFailure()) {
      stop("HTTP/1 that could not be parsed: " + result.cause().getMessage());
    }
    return result.isFailure();
  }

  /** The command's side: each complete request waits for its response. */
  private final class Requests extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      try {
        if (stopped || failed((HttpObject) message)) {
          return;
        }
        if (message instanceof HttpRequest request) {
          reading = new Exchange(recording, connection, request.method().name(),
              Urls.of(connection, request.headers().get("Host"), request.uri()),
              request.protocolVersion().text(), headers(request.headers()));
        }
        if (message instanceof HttpContent content) {
          reading.requestBody().add(content.content());
          if (message instanceof LastHttpContent last) {
            requestEnded(last);
          }
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    private void requestEnded(LastHttpContent last) {
      Exchange request = reading;
      reading = null;
      if (request.hasResponse()) {
        return; // answered before its end: the exchange is told with its response
      }
      awaiting.add(request);
      request.requestEnded(headers(last.trailingHeaders()));
      if (request.requestHeader("Upgrade") != null || request.method().equals("CONNECT")) {
        held = Unpooled.compositeBuffer(); // what follows may be another protocol: wait for the answer
      }
    }
  }

  /** Knows which request each response answers, as a HEAD's response has no body. */
  private final class Responses extends HttpResponseDecoder {
    Responses() {
      super(config());
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
      Exchange request = awaiting.peek();
      boolean empty = request != null && (request.method().equals("HEAD") || tunnel(request, message))
          || super.isContentAlwaysEmpty(message);
      bodilessHead = empty ? headers(message.headers()) : null; // before the decoder drops Transfer-Encoding
      return empty;
    }

    /** A 2xx to CONNECT has no body, whatever its fields say: a tunnel follows (RFC 9110 9.3.6). */
    private static boolean tunnel(Exchange request, HttpMessage message) {
      return request.method().equals("CONNECT") && message instanceof HttpResponse response
          && response.status().code() / 100 == 2;
    }
  }

  /** The destination's side: heads, bodies and, after a 101, the new protocol's bytes. */
  private final class ResponseParts extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      try {
        if (stopped) {
          return;
        }
        if (message instanceof ByteBuf upgraded) {
          if (webSocket != null) {
            webSocket.fromServer(upgraded);
          }
          return;
        }
        if (failed((HttpObject) message)) {
          return;
        }
        if (message instanceof HttpResponse response) {
          head(response);
        }
        if (message instanceof HttpContent content && !informational && answering != null) {
          answering.responseBody().add(content.content());
        }
        if (message instanceof LastHttpContent last) {
          ended(last);
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    private void head(HttpResponse response) {
      List<HttpHeader> sent = bodilessHead != null ? bodilessHead : headers(response.headers());
      bodilessHead = null;
      int status = response.status().code();
      informational = status >= 100 && status < 200 && status != 101;
      if (informational) {
        return;
      }
      // A final response may come before its request's end (RFC 9110 10.1.1, 15): it answers that one.
      answering = awaiting.isEmpty() ? reading : awaiting.peek();
      if (answering == null) {
        stop("a response came before any request");
        return;
      }
      answering.responseStarted(status, sent);
    }

    private void ended(LastHttpContent last) {
      if (informational) {
        informational = false;
        return;
      }
      if (answering == null) {
        return;
      }
      Exchange exchange = answering;
      if (awaiting.peek() == exchange) {
        awaiting.poll();
      }
      answering = null;
      exchange.responseEnded(headers(last.trailingHeaders()));
      if (held != null && awaiting.isEmpty()) { // the bytes held follow the last request parsed
        answered(exchange);
      }
    }

    /** The answer to an upgrade request: the held bytes go to the new protocol or back to HTTP. */
    private void answered(Exchange upgrade) {
      CompositeByteBuf bytes = held;
      held = null;
      if (upgrade.method().equals("CONNECT") && upgrade.status() / 100 == 2) {
        bytes.release();
        stop("a tunnel (CONNECT), which htapod does not observe");
      } else if (upgrade.status() != 101) {
        feed(requests, bytes);
      } else if ("websocket".equalsIgnoreCase(upgrade.requestHeader("Upgrade"))) {
        webSocket = new WebSocketObserver(recording, upgrade.url(), FlowOwners.await(connection.owner()));
        webSocket.fromCommand(bytes);
        bytes.release();
      } else {
        bytes.release();
        stop("upgraded to " + upgrade.requestHeader("Upgrade") + ", which htapod does not observe");
      }
    }
  }
}

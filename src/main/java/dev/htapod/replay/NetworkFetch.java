package dev.htapod.replay;

import dev.htapod.relay.Destinations;
import dev.htapod.relay.TlsSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a request the recording lacks to where the command sent it (with {@code --replay-miss
 * pass}), over a connection of its own (HTTP/1.1, TLS verified as when relaying), and gives back the
 * whole response. The exchange is reported (and recorded) on the command's side, as answered.
 */
public final class NetworkFetch implements MissedRequests {
  private static final int MAX_RESPONSE = 256 << 20;

  private final EventLoop loop;
  private final Destinations destinations;
  private final TlsSettings tls;

  /** @param loop the stack's loop: the answer is given there */
  public NetworkFetch(EventLoop loop, Destinations destinations, TlsSettings tls) {
    this.loop = loop;
    this.destinations = destinations;
    this.tls = tls;
  }

  @Override
  public void answer(Miss miss, Consumer<FullHttpResponse> respond, Consumer<String> failed) {
    InetSocketAddress target = destinations.outward(miss.key().server(), miss.key().serverPort());
    FullHttpRequest request = miss.request();
    for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
      request.headers().remove(name.text());
    }
    request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
    request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    Answer answer = new Answer(respond, failed);
    new Bootstrap().group(loop).channelFactory(EpollSocketChannel::new).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        if (miss.tls()) {
          String peer = TlsSettings.peerName(miss.serverName(), target);
          channel.pipeline().addLast(tls.upstream(List.of("http/1.1")).newHandler(channel.alloc(), peer, target.getPort()));
        }
        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), answer);
      }
    }).connect(target).addListener(connected -> {
      if (connected.isSuccess()) {
        answer.channel.writeAndFlush(request);
      } else {
        request.release();
        answer.fail("could not connect to " + target + ": " + connected.cause().getMessage());
      }
    });
  }

  /** Takes the one response, framed by its length, and hands it over. */
  private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Consumer<FullHttpResponse> respond;
    private final Consumer<String> failed;
    private Channel channel;
    private boolean done;

    Answer(Consumer<FullHttpResponse> respond, Consumer<String> failed) {
      this.respond = respond;
      this.failed = failed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      if (done) {
        return;
      }
      done = true;
      response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      response.headers().remove(HttpHeaderNames.CONNECTION);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      respond.accept(response.retain());
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(cause.getMessage() == null ? cause.toString() : cause.getMessage());
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail("the server closed the connection without answering");
    }

    void fail(String why) {
      if (!done) {
        done = true;
        failed.accept(why);
      }
    }
  }
}

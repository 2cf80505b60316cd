package dev.htapod.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends a query, as it is, to the upstream server over UDP and returns the raw reply, on the
 * event loop. A socket per query keeps replies apart without tracking ids.
 */
public final class UpstreamDns {
  private static final long TIMEOUT_SECONDS = 5;

  private final EventLoop loop;
  private final InetSocketAddress server;

  public UpstreamDns(EventLoop loop, InetSocketAddress server) {
    this.loop = loop;
    this.server = server;
  }

  InetSocketAddress server() {
    return server;
  }

  /** The reply to {@code query} (consumed), completed on the loop; fails on timeout. */
  CompletableFuture<ByteBuf> ask(ByteBuf query) {
    CompletableFuture<ByteBuf> reply = new CompletableFuture<>();
    new Bootstrap()
        .group(loop)
        .channel(EpollDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            reply.complete(packet.content().retain());
            ctx.close();
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
          }
        })
        .connect(server)
        .addListener((ChannelFuture connected) -> {
          if (!connected.isSuccess()) {
            query.release();
            reply.completeExceptionally(connected.cause());
            return;
          }
          Channel channel = connected.channel();
          channel.writeAndFlush(new DatagramPacket(query, server));
          loop.schedule(() -> {
            if (reply.completeExceptionally(new java.util.concurrent.TimeoutException("no answer from " + server))) {
              channel.close();
            }
          }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        });
    return reply;
  }
}

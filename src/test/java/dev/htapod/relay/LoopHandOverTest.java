package dev.htapod.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real channel to a local server, moved between two real epoll loops. */
class LoopHandOverTest {
  private MultiThreadIoEventLoopGroup group;
  private EventLoop stack;
  private EventLoop bulk;
  private LoopHandOver handOver;
  private ServerSocket server;

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("test-loop"), EpollIoHandler.newFactory());
    Iterator<?> loops = group.iterator();
    stack = (EventLoop) loops.next();
    bulk = (EventLoop) loops.next();
    handOver = new LoopHandOver(new RelayLoops(stack, bulk));
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
  }

  /** Reads on its channel's loop, and passes what it reads to the stack's loop. */
  private final class Reader extends ChannelInboundHandlerAdapter {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (handOver.passed(() -> channelRead(ctx, message), message)) {
        return;
      }
      ByteBuf bytes = (ByteBuf) message;
      seen.add(Thread.currentThread().getName() + " " + bytes.toString(StandardCharsets.US_ASCII));
      bytes.release();
    }
  }

  private Channel connect(Reader reader) throws Exception {
    return new Bootstrap().group(stack).channel(EpollSocketChannel.class).handler(reader)
        .connect(server.getLocalSocketAddress()).sync().channel();
  }

  private static String read(InputStream in, int length) throws Exception {
    return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  @Test
  void theMovedChannelKeepsItsBytesInOrderAndItsEventsComeBackToTheStacksLoop() throws Exception {
    Reader reader = new Reader();
    Channel channel = connect(reader);
    try (Socket peer = server.accept()) {
      CompletableFuture<String> moved = new CompletableFuture<>();
      stack.execute(() -> {
        channel.writeAndFlush(Unpooled.copiedBuffer("before ", StandardCharsets.US_ASCII));
        handOver.move(channel, () -> moved.complete(Thread.currentThread().getName()), () -> moved.complete("lost"));
        channel.writeAndFlush(Unpooled.copiedBuffer("during ", StandardCharsets.US_ASCII));
      });
      assertThat(moved.get(5, TimeUnit.SECONDS)).isEqualTo(threadOf(stack));
      assertThat(channel.eventLoop()).isNotSameAs(stack);
      assertThat(handOver.moved()).isTrue();
      stack.execute(() -> channel.writeAndFlush(Unpooled.copiedBuffer("after", StandardCharsets.US_ASCII)));
      assertThat(read(peer.getInputStream(), "before during after".length())).isEqualTo("before during after");

      channel.read(); // the read the move made Netty forget, asked for again as RelayedTcp does
      OutputStream out = peer.getOutputStream();
      out.write("answer".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(reader.seen.poll(5, TimeUnit.SECONDS)).isEqualTo(threadOf(stack) + " answer");
      assertThat(reader.seen).as("one read").isEmpty();
    }
  }

  @Test
  void anEventOnTheStacksLoopIsNotPassedAndOneAfterTheRunIsDropped() throws Exception {
    CompletableFuture<Boolean> onStack = new CompletableFuture<>();
    stack.execute(() -> onStack.complete(handOver.passed(() -> { })));
    assertThat(onStack.get(5, TimeUnit.SECONDS)).isFalse();

    stack.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    ByteBuf message = Unpooled.buffer(8).writeLong(1);
    assertThat(bulk.submit(() -> handOver.passed(() -> { }, message)).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(message.refCnt()).as("released, as no one is left to read it").isZero();
  }

  private static String threadOf(EventLoop loop) throws Exception {
    return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
  }
}

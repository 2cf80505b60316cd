package dev.htapod.relay;

import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One relayed connection: the outward channel on one side, the command's terminated connection on
 * the other. The channel reads only while the connection's send queue has room; the connection's
 * window shrinks while the channel has unwritten bytes.
 */
final class RelayedTcp extends ChannelInboundHandlerAdapter implements TcpPeer {
  private final TcpConnection connection;
  private Channel channel;
  private final InetSocketAddress target;
  private final Consumer<TcpFlowRecord> flowEnded;
  private boolean inputEnded;

  RelayedTcp(TcpConnection connection, InetSocketAddress target, Consumer<TcpFlowRecord> flowEnded) {
    this.connection = connection;
    this.target = target;
    this.flowEnded = flowEnded;
  }

  // The command's side (TcpPeer), called by the stack on the loop.

  @Override
  public void data(ByteBuf data) {
    channel.writeAndFlush(data, channel.voidPromise());
  }

  @Override
  public void endOfData() {
    // Output is shut only after every byte before the FIN is written.
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener((ChannelFutureListener) f -> {
          if (channel.isActive()) {
            ((DuplexChannel) channel).shutdownOutput();
          }
        });
  }

  @Override
  public void reset() {
    if (channel.isOpen()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0); // close with a RST
      channel.close();
    }
  }

  @Override
  public long pendingBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  @Override
  public void canSendMore() {
    // No read once the destination ended its input: Netty may have dropped the fd from epoll.
    if (channel.isActive() && !inputEnded) {
      channel.read();
    }
  }

  @Override
  public void closed() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    flowEnded.accept(new TcpFlowRecord(connection.key(), target, connection.bytesFromClient(),
        connection.bytesToClient(), System.nanoTime() - connection.openedAt()));
  }

  // The destination's side (Netty), on the same loop.

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    connection.send((ByteBuf) message);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (connection.isOpen() && connection.hasRoom() && !inputEnded) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      connection.endOfInput();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      connection.windowOpened();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // After an orderly end of input the queued bytes and our FIN still go to the command.
    if (!inputEnded) {
      connection.abort();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connection.abort();
    ctx.close();
  }
}

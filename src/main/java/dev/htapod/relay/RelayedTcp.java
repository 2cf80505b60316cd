package dev.htapod.relay;

import dev.htapod.api.TlsInfo;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpPeer;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.tls.ClientHello;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One relayed connection: the outward channel on one side, the command's terminated connection on
 * the other. The command's first bytes tell whether it speaks TLS (a ClientHello, on any port):
 * then it is decrypted ({@link Interception}) or relayed untouched; anything else is relayed as
 * it is. Before any of them go out, the server name they carry (SNI, or an HTTP/1 request's
 * Host) is judged by the egress policy. The channel reads only while the connection's send queue
 * has room; the connection's window shrinks while bytes wait to be written.
 *
 * <p>This handler runs on the stack's loop. When the command sends in bulk (a batch of its packets
 * carries {@link #BULK_BATCH} bytes or more, relayed as they are) the outward channel moves to the
 * bulk loop, so the send to the destination, in which the kernel delivers the bytes to a local
 * server, runs beside the stack instead of in turn with it; the channel's events are then passed
 * back ({@link LoopHandOver}).
 */
@ChannelHandler.Sharable // in one pipeline at a time, but moved to a new one on a re-dial
final class RelayedTcp extends ChannelInboundHandlerAdapter implements TcpPeer {
  private static final System.Logger LOG = System.getLogger("htapod");

  private enum Stage { SNIFFING, PLAIN, INTERCEPTED, REDIALING }

  /**
   * A batch this large moves the channel to the bulk loop: uploads then ran 12-18 % faster, while
   * requests and answers, a batch of one small packet each, keep a round trip without a hand-over.
   */
  private static final int BULK_BATCH = 256 << 10;
  /** More than a batch of the command's packets ever holds, so the batch is never copied. */
  private static final int MAX_WRITE_PIECES = 1024;

  /** Opens another outward connection to the same destination with {@code handler} on it. */
  interface Dialer {
    ChannelFuture dial(ChannelHandler handler);
  }

  private final TcpConnection connection;
  /** Where the relay goes: an address, never a name (the relay resolves a router's before). */
  private final InetSocketAddress target;
  private final TlsSettings tls;
  private final Consumer<TcpFlowRecord> flowEnded;
  private final BiConsumer<String, String> errors;
  private final EventLoop loop;
  private final LoopHandOver handOver;
  private final Dialer dialer;
  private final StreamTap.Factory taps;
  private final Decryption decryption;
  private final ServerNameCheck names;
  private StreamTap tap = StreamTap.NONE;
  private Channel channel;
  private Stage stage = Stage.SNIFFING;
  private CompositeByteBuf first = Unpooled.compositeBuffer();
  private ClientHello hello;
  private Interception interception;
  private boolean inputEnded;
  private boolean endAfterRedial;
  /** The command's bytes from this batch of its packets: they go out as one write at its end. */
  private CompositeByteBuf batch;

  RelayedTcp(TcpConnection connection, InetSocketAddress target, TlsSettings tls,
      Consumer<TcpFlowRecord> flowEnded, BiConsumer<String, String> errors, RelayLoops loops, Dialer dialer,
      StreamTap.Factory taps, Decryption decryption, ServerNameCheck names) {
    this.connection = connection;
    this.target = target;
    this.tls = tls;
    this.flowEnded = flowEnded;
    this.errors = errors;
    this.loop = loops.stack();
    this.handOver = new LoopHandOver(loops);
    this.dialer = dialer;
    this.taps = taps;
    this.decryption = decryption;
    this.names = names;
  }

  // The command's side (TcpPeer), called by the stack on the loop.

  @Override
  public void data(ByteBuf data) {
    switch (stage) {
      case PLAIN -> {
        tap.fromCommand(data);
        if (batch == null) {
          batch = Unpooled.compositeBuffer(MAX_WRITE_PIECES);
        }
        batch.addComponent(true, data);
      }
      case INTERCEPTED -> interception.fromCommand(data);
      case SNIFFING -> sniff(data);
      case REDIALING -> first.addComponent(true, data);
    }
  }

  /**
   * One write per batch: the destination wakes once for it, and a channel on the bulk loop gets
   * one task. A large batch moves the channel there.
   */
  @Override
  public void endOfBatch() {
    if (writeBatch() >= BULK_BATCH && !handOver.moved() && channel.isActive() && connection.isOpen()) {
      LOG.log(Level.DEBUG, "{0} sends in bulk: its outward socket moves to the bulk loop", connection.key());
      handOver.move(channel, this::askAgain, connection::abort);
    }
  }

  /** Writes out the batch's bytes, if any, and says how many. */
  private int writeBatch() {
    if (batch == null) {
      return 0;
    }
    int size = batch.readableBytes();
    channel.writeAndFlush(batch, channel.voidPromise());
    batch = null;
    return size;
  }

  /**
   * Netty forgets a channel's wish to read, or to write on once a full socket drains, when it
   * leaves a loop: both are asked for again on the new one.
   */
  private void askAgain() {
    channel.flush();
    if (connection.isOpen() && connection.hasRoom()) {
      canSendMore();
    }
  }

  /** Collects the first bytes until they show whether this is TLS. */
  private void sniff(ByteBuf data) {
    first.addComponent(true, data);
    switch (ClientHello.classify(first)) {
      case NEED_MORE -> { }
      case NOT_TLS -> {
        RequestHost host = names.active() ? RequestHost.of(first) : null;
        if (host != null && (!host.complete() || !admits(host.name()))) {
          return;
        }
        relayPlain();
      }
      case TLS -> {
        hello = ClientHello.parse(first);
        if (!admits(hello.serverName())) {
          return;
        }
        if (tls.intercepts(hello, target, decryption)) {
          stage = Stage.INTERCEPTED;
          interception = new Interception(connection, channel, hello, target, tls,
              reason -> errors.accept(url(), reason), this::redialUntouched, this::openTap);
          ByteBuf bytes = first;
          first = null;
          interception.start(bytes);
        } else {
          relayPlain();
        }
      }
    }
  }

  /**
   * Whether the connection may go on to the server {@code name} it named (null for none); if
   * not, it is reset both ways before any of its bytes went out.
   */
  private boolean admits(String name) {
    if (name == null || names.admits(connection.key(), target, name)) {
      return true;
    }
    reset();
    connection.abort();
    return false;
  }

  private void relayPlain() {
    stage = Stage.PLAIN;
    openTap(null);
    if (first != null) {
      ByteBuf bytes = first;
      first = null;
      if (bytes.isReadable()) {
        tap.fromCommand(bytes);
        channel.writeAndFlush(bytes, channel.voidPromise());
      } else {
        bytes.release();
      }
    }
  }

  /**
   * The server asked for a client certificate, which only the command has: the upstream
   * connection that asked is dropped, and a new one carries the command's bytes untouched.
   */
  private void redialUntouched(ByteBuf sent) {
    errors.accept(url(), "the server asks for a client certificate: relayed untouched, not decrypted");
    interception.release();
    interception = null;
    stage = Stage.REDIALING;
    first = Unpooled.compositeBuffer().addComponent(true, sent);
    Channel old = channel;
    old.pipeline().remove(this);
    old.close();
    OnLoop.whenDone(dialer.dial(this), loop, done -> {
      if (!done.isSuccess()) {
        connection.abort();
        return;
      }
      if (!connection.isOpen()) {
        done.channel().close(); // the command went away while we dialed again
        return;
      }
      relayPlain();
      if (endAfterRedial) {
        endOfData();
      }
      canSendMore();
    });
  }

  /** Opens the tap once the bytes it will see are known: plain, untouched TLS, or decrypted. */
  private StreamTap openTap(String alpn) {
    boolean decrypted = stage == Stage.INTERCEPTED;
    tap = taps.open(new TappedConnection(connection.key().clientAddress(), connection.key().serverAddress(),
        target, hello == null ? null : hello.serverName(), hello != null, decrypted, alpn));
    return tap;
  }

  /**
   * The connection in an error line: the server name the command gave and the port it dialed;
   * without a name, where the relay went.
   */
  private String url() {
    if (hello != null && hello.serverName() != null) {
      return "https://" + hello.serverName() + ":" + connection.key().serverPort();
    }
    return "https://" + AddressText.withPort(target.getAddress(), target.getPort());
  }

  @Override
  public void endOfData() {
    if (stage == Stage.REDIALING) {
      endAfterRedial = true;
      return;
    }
    if (stage == Stage.SNIFFING) {
      relayPlain();
    }
    tap.commandEnded();
    writeBatch();
    // Output is shut only after every byte before the FIN is written. When the destination has
    // ended already, closing sends our FIN too (after TLS's close_notify when decrypting); Netty's
    // half-close would make an exception (its stack trace was 4.5 % of the loop under `ab`) to
    // fail writes that cannot be pending.
    OnLoop.whenDone(channel.writeAndFlush(Unpooled.EMPTY_BUFFER), loop, f -> {
      if (!channel.isActive()) {
        return;
      }
      if (inputEnded) {
        channel.close();
      } else {
        ((DuplexChannel) channel).shutdownOutput();
      }
    });
  }

  @Override
  public void reset() {
    if (channel.isOpen()) {
      try {
        channel.config().setOption(ChannelOption.SO_LINGER, 0); // close with a RST
      } catch (ChannelException closed) {
        // the bulk loop closed the socket meanwhile: there is nothing left to reset
      }
      channel.close();
    }
  }

  /** What is not yet written out: this batch's bytes, and what the channel still holds. */
  @Override
  public long pendingBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return (batch == null ? 0 : batch.readableBytes()) + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
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
    if (first != null) {
      first.release();
      first = null;
    }
    if (batch != null) {
      batch.release();
      batch = null;
    }
    if (interception != null) {
      interception.release();
    }
    tap.closed();
    tap = StreamTap.NONE; // the channel may still read before it closes
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    flowEnded.accept(new TcpFlowRecord(connection.key(), target, tlsInfo(), connection.bytesFromClient(),
        connection.bytesToClient(), System.nanoTime() - connection.openedAt()));
  }

  private TlsInfo tlsInfo() {
    if (hello == null) {
      return null;
    }
    return interception == null ? new TlsInfo(hello.serverName(), null, null, false) : interception.info();
  }

  // The destination's side (Netty), on the stack's loop wherever the channel is.

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (handOver.passed(() -> channelRead(ctx, message), message)) {
      return;
    }
    if (stage == Stage.SNIFFING) {
      relayPlain(); // the server spoke first: not TLS, which the client always begins
    }
    if (stage == Stage.INTERCEPTED) {
      interception.fromUpstream((ByteBuf) message);
    } else {
      tap.fromServer((ByteBuf) message);
      connection.send((ByteBuf) message);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (handOver.passed(() -> channelReadComplete(ctx))) {
      return;
    }
    if (connection.isOpen() && connection.hasRoom() && !inputEnded) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (handOver.passed(() -> userEventTriggered(ctx, event))) {
      return;
    }
    if (event instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      tap.serverEnded();
      if (interception != null) {
        interception.upstreamEnded();
      }
      connection.endOfInput();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (handOver.passed(() -> channelWritabilityChanged(ctx))) {
      return;
    }
    if (ctx.channel().isWritable()) {
      connection.windowOpened();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handOver.passed(() -> channelInactive(ctx))) {
      return;
    }
    // After an orderly end of input the queued bytes and our FIN still go to the command.
    if (!inputEnded) {
      connection.abort();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (handOver.passed(() -> exceptionCaught(ctx, cause))) {
      return;
    }
    // A failed upstream handshake is reported by the interception; the alert has gone out.
    if (stage != Stage.INTERCEPTED || connection.isOpen()) {
      connection.abort();
    }
    ctx.close();
  }
}

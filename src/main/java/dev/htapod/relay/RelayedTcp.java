package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TcpOutcome;
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
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
import java.util.concurrent.CompletableFuture;
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
final class RelayedTcp extends ChannelDuplexHandler implements TcpPeer {
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
  private final FlowErrors errors;
  /** The process of the run that opened the connection, being looked up. */
  private final CompletableFuture<ProcessInfo> owner;
  private final EventLoop loop;
  private final LoopHandOver handOver;
  private final Dialer dialer;
  private final StreamTap.Factory taps;
  private final Decryption decryption;
  private final ServerNameCheck names;
  /**
   * The name the connection is reported under, from its own evidence: its SNI, else its HTTP Host,
   * else the name the command's DNS lookup gave for the address before it connected (or null).
   */
  private String name;
  private StreamTap tap = StreamTap.NONE;
  private Channel channel;
  private Stage stage = Stage.SNIFFING;
  private CompositeByteBuf first = Unpooled.compositeBuffer();
  private ClientHello hello;
  private Interception interception;
  private boolean inputEnded;
  private boolean endAfterRedial;
  /** Whether the destination reset the connection; any other abort of ours is htapod's doing. */
  private boolean serverReset;
  /** Set on the stack's loop, read on the channel's, which may be the bulk loop. */
  private volatile boolean resetOnClose;
  /** The command's bytes from this batch of its packets: they go out as one write at its end. */
  private CompositeByteBuf batch;
  /**
   * Whether the destination's bytes wait for {@link #push}: run once the loop has handled the
   * events at hand, after the read that brought them has ended, with the close that may follow
   * it (Netty tells of a close after the reads before it are complete).
   */
  private boolean pushDue;
  private final Runnable push = this::push;

  RelayedTcp(TcpConnection connection, CompletableFuture<ProcessInfo> owner, String dnsName, InetSocketAddress target,
      TlsSettings tls, Consumer<TcpFlowRecord> flowEnded, FlowErrors errors, RelayLoops loops, Dialer dialer,
      StreamTap.Factory taps, Decryption decryption, ServerNameCheck names) {
    this.connection = connection;
    this.owner = owner;
    this.name = dnsName;
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
    assert loop.inEventLoop();
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
    assert loop.inEventLoop();
    if (writeBatch() >= BULK_BATCH && !handOver.moved() && channel.isActive() && connection.isOpen()) {
      assert stage == Stage.PLAIN : "only a plain relay's channel moves: the interception writes to it from the stack";
      LOG.log(Level.DEBUG, "{0} sends in bulk: its outward socket moves to the bulk loop", connection.key());
      handOver.move(channel, this::askAgain, this::notMoved);
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
   * The bulk loop did not take the channel. Quiet when the connection ended meanwhile (the
   * command's RST in the batch that moved it closed the channel; the TCP line says so).
   */
  private void notMoved() {
    if (connection.isOpen()) {
      failed("its outward socket could not be moved to the bulk loop");
    }
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
        RequestHost host = RequestHost.of(first);
        if (host.complete() && host.name() != null) {
          name = host.name();
        }
        // Only a policy that judges names waits for the rest of a request's head.
        if (names.active() && (!host.complete() || !admits(host.name()))) {
          return;
        }
        relayPlain();
      }
      case TLS -> {
        hello = ClientHello.parse(first);
        if (hello.serverName() != null) {
          name = hello.serverName();
        }
        if (!admits(hello.serverName())) {
          return;
        }
        if (tls.intercepts(hello, target, decryption)) {
          stage = Stage.INTERCEPTED;
          interception = new Interception(connection, channel, hello, target, tls,
              reason -> errors.report(url(), reason, owner), this::redialUntouched, this::openTap);
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
    if (name == null || names.admits(connection.key(), target, name, owner)) {
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
    errors.report(url(), "the server asks for a client certificate: relayed untouched, not decrypted", owner);
    interception.release();
    interception = null;
    stage = Stage.REDIALING;
    first = Unpooled.compositeBuffer().addComponent(true, sent);
    Channel old = channel;
    old.pipeline().remove(this);
    old.close();
    OnLoop.whenDone(dialer.dial(this), loop, done -> {
      if (!done.isSuccess()) {
        errors.report(url(), "could not connect again to relay it untouched: " + done.cause(), owner);
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
        target, hello == null ? null : hello.serverName(), hello != null, decrypted, alpn, owner));
    return tap;
  }

  /** The connection in an error line: its TLS server as in {@link #url}, else where it went. */
  private String subject() {
    return hello != null ? url() : AddressText.withPort(target.getAddress(), target.getPort());
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
    assert loop.inEventLoop();
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

  /** Closes the outward socket with a RST: see {@link #close(ChannelHandlerContext, ChannelPromise)}. */
  @Override
  public void reset() {
    assert loop.inEventLoop();
    resetOnClose = true;
    channel.close();
  }

  /**
   * The outward socket's close, on the loop that has the channel now. A RST is asked for there
   * (SO_LINGER 0) and not on the stack's: a moved channel may be closed by the bulk loop at any
   * time, and an option set by its number after that would land on whatever socket or file got
   * the number next.
   */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    if (resetOnClose && ctx.channel().isOpen()) {
      try {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      } catch (ChannelException failed) {
        // the socket failed meanwhile: it is being closed anyway
      }
    }
    super.close(ctx, promise);
  }

  /**
   * What is not yet written out: this batch's bytes, and what the channel still holds. The one
   * read of a moved channel's state from the stack's loop: Netty counts a write in its outbound
   * buffer when it is submitted, in a volatile field, so the sum is at worst one batch old.
   */
  @Override
  public long pendingBytes() {
    assert loop.inEventLoop();
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return (batch == null ? 0 : batch.readableBytes()) + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
  }

  @Override
  public void canSendMore() {
    assert loop.inEventLoop();
    // No read once the destination ended its input: Netty may have dropped the fd from epoll.
    if (channel.isActive() && !inputEnded) {
      channel.read();
    }
  }

  @Override
  public void closed() {
    assert loop.inEventLoop();
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
    if (connection.wasAbandoned()) {
      errors.report(subject(), "the command stopped acknowledging: the connection was reset both ways", owner);
    }
    flowEnded.accept(new TcpFlowRecord(connection.key(), owner, name, target, outcome(), tlsInfo(), connection.bytesFromClient(),
        connection.bytesToClient(), System.nanoTime() - connection.openedAt()));
  }

  private TcpOutcome outcome() {
    return switch (connection.resetBy()) {
      case NONE -> TcpOutcome.CLOSED;
      case COMMAND -> TcpOutcome.RESET_BY_COMMAND;
      case PEER -> serverReset ? TcpOutcome.RESET_BY_SERVER : TcpOutcome.RESET_BY_HTAPOD;
      case STACK -> TcpOutcome.RESET_BY_HTAPOD;
    };
  }

  /** Resets a connection that htapod itself could not go on relaying, and says why. */
  private void failed(String why) {
    errors.report(subject(), why, owner);
    reset();
    connection.abort();
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
    assert loop.inEventLoop();
    if (stage == Stage.SNIFFING) {
      relayPlain(); // the server spoke first: not TLS, which the client always begins
    }
    if (stage == Stage.INTERCEPTED) {
      interception.fromUpstream((ByteBuf) message);
    } else {
      tap.fromServer((ByteBuf) message);
      connection.queue((ByteBuf) message);
      if (!pushDue) {
        pushDue = true;
        loop.execute(push); // after this read's end, which may be the destination's close
      }
    }
  }

  /** Sends the bytes read so far, and our FIN with them if the destination has closed meanwhile. */
  private void push() {
    pushDue = false;
    connection.push();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (handOver.passed(() -> channelReadComplete(ctx))) {
      return;
    }
    assert loop.inEventLoop();
    if (connection.isOpen() && connection.hasRoom() && !inputEnded) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (handOver.passed(() -> userEventTriggered(ctx, event))) {
      return;
    }
    assert loop.inEventLoop();
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
    assert loop.inEventLoop();
    if (ctx.channel().isWritable()) {
      connection.windowOpened();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handOver.passed(() -> channelInactive(ctx))) {
      return;
    }
    assert loop.inEventLoop();
    // After an orderly end of input the queued bytes and our FIN still go to the command.
    if (!inputEnded) {
      serverReset = true;
      connection.abortAfterData();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (handOver.passed(() -> exceptionCaught(ctx, cause))) {
      return;
    }
    assert loop.inEventLoop();
    if (pushDue) {
      push(); // what came before the failure goes first, as it would have unqueued
    }
    if (cause instanceof IOException) {
      serverReset = true; // a reset, mostly: the TCP line says so
      connection.abortAfterData();
    } else if (stage == Stage.INTERCEPTED && cause.getCause() instanceof SSLException) {
      // The interception reported the failed upstream TLS, and its alert has gone to the command.
      if (connection.isOpen()) {
        connection.abort();
      }
    } else {
      failed("relaying failed: " + cause);
    }
    ctx.close();
  }
}

package dev.htapod.replay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TcpOutcome;
import dev.htapod.api.TlsInfo;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpPeer;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import dev.htapod.relay.TcpFlowRecord;
import dev.htapod.tls.ClientHello;
import dev.htapod.tls.LeafCredentials;
import dev.htapod.tls.LeafSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.HttpToHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.InboundHttp2ToHttpAdapterBuilder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One connection a replay answers itself: nothing is dialed. Its first bytes tell whether it
 * speaks TLS (a ClientHello): then a server-side SslHandler answers with a leaf minted for the
 * name it asked for, agreeing on h2 when it offers h2 and the recording spoke h2 there (or it
 * offers nothing else), else HTTP/1.1. The HTTP runs through Netty's codecs in an EmbeddedChannel
 * on the stack's loop ({@link ReplayAnswerer} answers each request); the decrypted bytes are shown
 * to the run's taps, so the exchanges are reported (and recorded) as relayed ones are. Cleartext
 * HTTP/2 is spoken to a command that starts with its connection preface (prior knowledge); an
 * {@code Upgrade: h2c} is answered in HTTP/1.1, as a server may.
 */
final class ReplayedTcp implements TcpPeer {
  /** The largest request body taken in; a recording holds each body in memory too. */
  private static final int MAX_REQUEST = 256 << 20;

  private final TcpConnection connection;
  private final ReplayBook book;
  private final Replayer.Serving serving;
  private final CompletableFuture<ProcessInfo> owner;
  private CompositeByteBuf first = Unpooled.compositeBuffer();
  private EmbeddedChannel commandSide;
  private ClientHello hello;
  private SslHandler tls;
  private String alpn;
  /** Cleartext HTTP/2 with prior knowledge (the command's first bytes are the connection preface). */
  private boolean h2c;
  private StreamTap tap = StreamTap.NONE;
  private boolean ended;

  ReplayedTcp(TcpConnection connection, ReplayBook book, Replayer.Serving serving) {
    this.connection = connection;
    this.book = book;
    this.serving = serving;
    this.owner = serving.owners().tcp(connection.key());
  }

  FlowKey key() {
    return connection.key();
  }

  CompletableFuture<ProcessInfo> owner() {
    return owner;
  }

  /** The TLS server name the command asked for, or null. */
  String serverName() {
    return hello == null ? null : hello.serverName();
  }

  boolean tls() {
    return hello != null;
  }

  @Override
  public void data(ByteBuf data) {
    if (commandSide != null) {
      guarded(() -> commandSide.writeInbound(data));
      return;
    }
    if (first == null) {
      data.release();
      return;
    }
    first.addComponent(true, data);
    switch (ClientHello.classify(first)) {
      case NEED_MORE -> { }
      case TLS -> {
        hello = ClientHello.parse(first);
        start();
      }
      case NOT_TLS -> {
        if (cleartextKnown()) {
          start();
        }
      }
    }
  }

  /**
   * Whether the cleartext protocol is known: HTTP/2 with prior knowledge ({@link #h2c}) once the
   * connection preface came whole, HTTP/1.1 as soon as the first bytes are not the preface's.
   */
  private boolean cleartextKnown() {
    ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
    int compared = Math.min(first.readableBytes(), preface.readableBytes());
    h2c = ByteBufUtil.equals(first, first.readerIndex(), preface, 0, compared);
    return !h2c || compared == preface.readableBytes();
  }

  private void start() {
    commandSide = new EmbeddedChannel();
    ChannelPipeline pipeline = commandSide.pipeline();
    try {
      if (hello != null) {
        alpn = protocol();
        LeafCredentials leaf = serving.tls().minter().credentialsFor(hello.serverName() != null
            ? LeafSpec.forHostName(hello.serverName()) : LeafSpec.forAddress(key().server().toInetAddress()));
        tls = serving.tls().toCommand(leaf, alpn).newHandler(commandSide.alloc());
        pipeline.addLast(tls);
      }
    } catch (RuntimeException e) {
      refuse("TLS could not be set up: " + e.getMessage());
      return;
    }
    tap = serving.taps().open(new TappedConnection(key().clientAddress(), key().serverAddress(), key().serverAddress(),
        serverName(), tls(), tls(), alpn, owner));
    pipeline.addLast(new Tapping());
    try {
      if ("h2".equals(alpn) || h2c) {
        Http2Connection h2 = new DefaultHttp2Connection(true);
        pipeline.addLast(new HttpToHttp2ConnectionHandlerBuilder().connection(h2)
            .frameListener(new InboundHttp2ToHttpAdapterBuilder(h2).maxContentLength(MAX_REQUEST).build()).build());
      } else {
        pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST), new HttpServerKeepAliveHandler());
      }
      pipeline.addLast(new ReplayAnswerer(book, serving, this));
    } catch (RuntimeException e) {
      refuse("HTTP could not be set up: " + e.getMessage());
      return;
    }
    ByteBuf bytes = first;
    first = null;
    guarded(() -> commandSide.writeInbound(bytes));
  }

  /** h2 when offered and recorded here (or the only offer), else HTTP/1.1; null without ALPN. */
  private String protocol() {
    List<String> offered = hello.protocols();
    String host = hello.serverName() != null ? hello.serverName() : AddressText.of(key().server().toInetAddress());
    boolean h2 = offered.contains("h2") && (book.http2(host, key().serverPort()) || !offered.contains("http/1.1"));
    return h2 ? "h2" : offered.contains("http/1.1") ? "http/1.1" : null;
  }

  /**
   * Runs an operation on the command's side and sends what it wrote. An EmbeddedChannel rethrows
   * what its pipeline raised (a failed TLS handshake): the connection is then reset.
   */
  private void guarded(Runnable operation) {
    try {
      operation.run();
    } catch (RuntimeException e) {
      refuse("replaying failed: " + e.getMessage());
      return;
    }
    drain();
  }

  /** Sends what the command's side wrote, and our FIN once it closed. */
  void drain() {
    Object out;
    while ((out = commandSide.readOutbound()) != null) {
      connection.send((ByteBuf) out);
    }
    if (!commandSide.isOpen() && !ended && connection.isOpen()) {
      ended = true;
      connection.endOfInput();
    }
  }

  /** Resets the connection, reporting why. */
  void refuse(String why) {
    serving.errors().report(where(), why, owner);
    if (connection.isOpen()) {
      connection.abort();
    }
  }

  private String where() {
    String host = serverName() != null ? serverName() : AddressText.of(key().server().toInetAddress());
    return (tls() ? "https://" : "http://") + host + ":" + key().serverPort();
  }

  @Override
  public void endOfData() {
    tap.commandEnded();
    if (commandSide == null) {
      ended = true;
      connection.endOfInput();
      return;
    }
    if (commandSide.isOpen()) {
      guarded(commandSide::close);
    }
  }

  @Override
  public void reset() {
    release();
  }

  @Override
  public long pendingBytes() {
    return 0; // nothing is written anywhere but to the command
  }

  @Override
  public void canSendMore() {}

  @Override
  public void closed() {
    release();
    tap.closed();
    tap = StreamTap.NONE;
    TlsInfo info = hello == null ? null : new TlsInfo(hello.serverName(), alpn,
        tls == null ? null : tls.engine().getSession().getProtocol(), true);
    TcpOutcome outcome = switch (connection.resetBy()) {
      case NONE -> TcpOutcome.CLOSED;
      case COMMAND -> TcpOutcome.RESET_BY_COMMAND;
      case PEER, STACK -> TcpOutcome.RESET_BY_HTAPOD;
    };
    serving.flowEnded().accept(new TcpFlowRecord(key(), owner, serverName(), key().serverAddress(), outcome, info,
        connection.bytesFromClient(), connection.bytesToClient(), System.nanoTime() - connection.openedAt()));
  }

  private void release() {
    if (first != null) {
      first.release();
      first = null;
    }
    if (commandSide != null) {
      try {
        commandSide.finishAndReleaseAll();
      } catch (RuntimeException e) {
        // what the pipeline raised at its end changes nothing now
      }
    }
  }

  /** Shows the decrypted bytes to the taps, both ways. */
  private final class Tapping extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (message instanceof ByteBuf bytes) {
        tap.fromCommand(bytes);
      }
      ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
      if (message instanceof ByteBuf bytes) {
        tap.fromServer(bytes);
      }
      ctx.write(message, promise);
    }
  }
}

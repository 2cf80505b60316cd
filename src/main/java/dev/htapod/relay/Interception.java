package dev.htapod.relay;

import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.tls.ClientHello;
import dev.htapod.tls.LeafCredentials;
import dev.htapod.tls.LeafSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import dev.htapod.api.TlsInfo;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLSession;

/**
 * One intercepted TLS connection. Upstream, the outward channel gets a client-side SslHandler that
 * offers what the command offered (SNI, ALPN) and verifies the server; once that handshake is
 * done, the command's own ClientHello is answered by a server-side SslHandler with a leaf minted
 * for the name, choosing the protocol the server chose. The command's side runs in an
 * EmbeddedChannel on the same loop: its bytes come from and go to the terminated TCP connection.
 */
final class Interception {
  /** A fatal handshake_failure alert (RFC 8446 6): the command's handshake fails at once. */
  private static final byte[] HANDSHAKE_FAILURE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

  private final TcpConnection connection;
  private final Channel outward;
  private final ClientHello hello;
  private final InetSocketAddress target;
  private final TlsSettings settings;
  private final Consumer<String> failure;
  private final Consumer<ByteBuf> untouched;
  private final Function<String, StreamTap> openTap;
  private StreamTap tap = StreamTap.NONE;
  private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
  private EmbeddedChannel commandSide;
  private SslHandler upstream;
  private boolean decrypted;

  /**
   * @param failure told, in one line, why the upstream handshake failed
   * @param untouched given the command's bytes so far when the server asks for a client
   *     certificate: the connection is then to be relayed untouched, from a new dial
   * @param openTap opens the tap of the decrypted bytes, given the protocol agreed (ALPN)
   */
  Interception(TcpConnection connection, Channel outward, ClientHello hello, InetSocketAddress target,
      TlsSettings settings, Consumer<String> failure, Consumer<ByteBuf> untouched,
      Function<String, StreamTap> openTap) {
    this.connection = connection;
    this.outward = outward;
    this.hello = hello;
    this.target = target;
    this.settings = settings;
    this.failure = failure;
    this.untouched = untouched;
    this.openTap = openTap;
  }

  /** Starts the upstream handshake; {@code helloBytes} (owned from here) wait for the leaf. */
  void start(ByteBuf helloBytes) {
    assert outward.eventLoop().inEventLoop() : "a decrypted connection's channel never leaves the stack's loop";
    early.add(helloBytes);
    String peer = TlsSettings.peerName(hello.serverName(), target);
    upstream = settings.upstream(hello.protocols()).newHandler(outward.alloc(), peer, target.getPort());
    outward.pipeline().addFirst("tls", upstream);
    upstream.handshakeFuture().addListener(done -> {
      if (settings.asksForClientCertificate(peer, target.getPort())) {
        handBack(); // mTLS: only the command can answer it
      } else if (done.isSuccess()) {
        upstreamReady();
      } else {
        upstreamFailed(done.cause());
      }
    });
  }

  /** Bytes from the command (TLS records); ownership passes here. */
  void fromCommand(ByteBuf bytes) {
    assert outward.eventLoop().inEventLoop() : "a decrypted connection's channel never leaves the stack's loop";
    if (commandSide == null) {
      early.add(bytes);
      return;
    }
    if (!commandSide.isOpen()) {
      bytes.release();
      return;
    }
    guarded(() -> commandSide.writeInbound(bytes));
  }

  /** Decrypted bytes from the destination, to encrypt for the command; ownership passes here. */
  void fromUpstream(ByteBuf plain) {
    assert outward.eventLoop().inEventLoop() : "a decrypted connection's channel never leaves the stack's loop";
    if (!commandSide.isOpen()) {
      plain.release();
      return;
    }
    tap.fromServer(plain);
    guarded(() -> commandSide.writeOutbound(plain));
  }

  /** The destination ended its output: close_notify to the command. */
  void upstreamEnded() {
    if (commandSide != null) {
      guarded(commandSide::close);
    }
  }

  /**
   * Runs an operation on the command's side and sends what it wrote. An EmbeddedChannel rethrows
   * what its pipeline raised (an SSLException, unchecked or not): the connection is then reset.
   */
  private void guarded(Runnable operation) {
    if (!commandSide.isOpen()) {
      return; // the command closed its TLS (close_notify); its TCP FIN follows
    }
    try {
      operation.run();
      drain();
    } catch (Exception e) {
      failure.accept("TLS with the command failed: " + e);
      connection.abort();
    }
  }

  /** What the report says of this connection's TLS. */
  TlsInfo info() {
    if (!decrypted) {
      return new TlsInfo(hello.serverName(), null, null, false);
    }
    SSLSession session = upstream.engine().getSession();
    return new TlsInfo(hello.serverName(), upstream.applicationProtocol(), session.getProtocol(), true);
  }

  void release() {
    early.forEach(ByteBuf::release);
    early.clear();
    if (commandSide != null) {
      commandSide.finishAndReleaseAll();
    }
  }

  /** Gives the command's bytes so far, unread by anyone, to be relayed untouched. */
  private void handBack() {
    CompositeByteBuf bytes = Unpooled.compositeBuffer();
    ByteBuf next;
    while ((next = early.poll()) != null) {
      bytes.addComponent(true, next);
    }
    untouched.accept(bytes);
  }

  private void upstreamReady() {
    try {
      X509Certificate server = (X509Certificate) upstream.engine().getSession().getPeerCertificates()[0];
      // Without SNI the command checks the address it dialled, the gateway's for the host's
      // loopback, not where the relay went.
      LeafCredentials leaf = settings.minter().credentialsFor(
          LeafSpec.mirroring(hello.serverName(), connection.key().server().toInetAddress(), server));
      commandSide = new EmbeddedChannel(
          settings.toCommand(leaf, upstream.applicationProtocol()).newHandler(outward.alloc()), new Decrypted());
      decrypted = true;
      tap = openTap.apply(upstream.applicationProtocol());
    } catch (Exception e) {
      upstreamFailed(e);
      return;
    }
    ByteBuf bytes;
    while ((bytes = early.poll()) != null) {
      ByteBuf next = bytes;
      guarded(() -> commandSide.writeInbound(next));
    }
  }

  private void upstreamFailed(Throwable cause) {
    failure.accept(reason(cause));
    connection.send(Unpooled.wrappedBuffer(HANDSHAKE_FAILURE));
    connection.endOfInput();
    outward.close();
  }

  /** One line on why the upstream handshake failed, naming a certificate problem as such. */
  private static String reason(Throwable cause) {
    boolean certificate = false;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      certificate |= t instanceof java.security.cert.CertificateException
          || t instanceof java.security.cert.CertPathValidatorException;
    }
    return (certificate ? "upstream certificate not trusted: " : "TLS handshake with the server failed: ")
        + rootMessage(cause);
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private void drain() {
    Object out;
    while ((out = commandSide.readOutbound()) != null) {
      connection.send((ByteBuf) out);
    }
  }

  /** The command's decrypted bytes go upstream (through the client-side SslHandler). */
  private final class Decrypted extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      tap.fromCommand((ByteBuf) message);
      outward.writeAndFlush(message, outward.voidPromise());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
        failure.accept("the command did not accept htapod's certificate: " + rootMessage(done.cause()));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      connection.abort();
    }
  }
}

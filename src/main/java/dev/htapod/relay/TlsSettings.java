package dev.htapod.relay;

import dev.htapod.api.HtapodException;
import dev.htapod.policy.HostPattern;
import dev.htapod.tls.ClientHello;
import dev.htapod.tls.LeafCredentials;
import dev.htapod.tls.LeafKeyManager;
import dev.htapod.tls.LeafMinter;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * How TLS connections are treated: which are decrypted, how upstream servers are verified, and the
 * TLS contexts for both sides (cached: one per ALPN offer upstream, one per leaf and protocol
 * towards the command). Used on the event loop only.
 */
public final class TlsSettings {
  private final boolean decrypt;
  private final List<HostPattern> passthrough;
  private final Supplier<TrustManagerFactory> upstreamTrust;
  private final Supplier<LeafMinter> minter;
  private final Map<List<String>, SslContext> upstreamContexts = new HashMap<>();
  private final Map<List<Object>, SslContext> commandContexts = new HashMap<>();
  private final ClientCertificateRequests clientCertificates = new ClientCertificateRequests();

  /**
   * @param upstreamTrust how upstream certificates are verified, asked for at the first
   *     interception (it may still be being built); it gives null to accept any (--insecure)
   * @param minter signs the leaves the command sees, asked for at the first interception (it may
   *     still be being made); never asked when nothing is decrypted
   */
  public TlsSettings(boolean decrypt, List<HostPattern> passthrough, Supplier<TrustManagerFactory> upstreamTrust,
      Supplier<LeafMinter> minter) {
    this.decrypt = decrypt;
    this.passthrough = List.copyOf(passthrough);
    this.upstreamTrust = upstreamTrust;
    this.minter = minter;
  }

  /**
   * Whether a connection to {@code target} that began with {@code hello} is decrypted: not with
   * --no-decrypt (there is no CA then), not for a server known to want client certificates, and,
   * unless a router asked for it {@link Decryption#ALWAYS}, not for --passthrough names.
   */
  boolean intercepts(ClientHello hello, java.net.InetSocketAddress target, Decryption decryption) {
    return decrypt
        && decryption != Decryption.NEVER
        && (decryption == Decryption.ALWAYS
            || passthrough.stream().noneMatch(pattern -> pattern.matches(hello.serverName())))
        && !asksForClientCertificate(peerName(hello.serverName(), target), target.getPort());
  }

  /** The name we give the server upstream: the SNI ({@code serverName}, or null), or the address dialed. */
  public static String peerName(String serverName, java.net.InetSocketAddress target) {
    return serverName != null ? serverName : target.getAddress().getHostAddress();
  }

  public LeafMinter minter() {
    return minter.get();
  }

  /** Whether the server {@code host}:{@code port} asked for a client certificate. */
  boolean asksForClientCertificate(String host, int port) {
    return clientCertificates.asks(host, port);
  }

  /** The client side towards the server, offering the command's {@code protocols}. */
  public SslContext upstream(List<String> protocols) {
    return upstreamContexts.computeIfAbsent(protocols, offered -> build(() -> {
      SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
          .keyManager(new KeyManagerFactoryWrapper(clientCertificates));
      TrustManagerFactory trust = upstreamTrust.get();
      if (trust == null) {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
      } else {
        builder.trustManager(trust).endpointIdentificationAlgorithm("HTTPS");
      }
      if (!offered.isEmpty()) {
        builder.applicationProtocolConfig(alpn(offered));
      }
      return builder.build();
    }));
  }

  /**
   * The server side towards the command, with {@code leaf} and the protocol the server chose. Made
   * from an {@link SSLContext} of our own rather than by {@link SslContextBuilder#forServer}: that
   * stores each leaf in a PKCS#12 key store first, and its class's first use parses an RSA key and
   * loads Bouncy Castle's whole provider (~0.2 s of the first decrypted connection in all).
   */
  public SslContext toCommand(LeafCredentials leaf, String protocol) {
    return commandContexts.computeIfAbsent(Arrays.asList(leaf, protocol), key -> {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new LeafKeyManager(leaf)}, null, null);
        return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE,
            protocol == null ? null : alpn(List.of(protocol)), ClientAuth.NONE, null, false);
      } catch (GeneralSecurityException e) {
        throw new HtapodException("cannot set up TLS: " + e.getMessage(), e);
      }
    });
  }

  private static ApplicationProtocolConfig alpn(List<String> protocols) {
    return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
        SelectedListenerFailureBehavior.ACCEPT, protocols);
  }

  private interface ContextFactory {
    SslContext build() throws SSLException;
  }

  private static SslContext build(ContextFactory factory) {
    try {
      return factory.build();
    } catch (SSLException e) {
      throw new HtapodException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}

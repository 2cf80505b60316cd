package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A minted leaf served by the JDK's TLS through a {@link LeafKeyManager}, as the relay serves it,
 * over real loopback sockets to a client that trusts only the CA and checks the host name as HTTPS
 * does (RFC 2818, the JDK's endpoint identification).
 */
@Timeout(30)
class TlsRoundTripTest {
  private static final int TIMEOUT_MS = 10_000;

  private final CertificateAuthority ca = CertificateAuthority.generate();
  private final LeafCredentials leaf =
      new LeafMinter(ca).credentialsFor(LeafSpec.forHostName("site.test"));
  private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
  private SSLServerSocket server;

  @BeforeEach
  void listen() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new LeafKeyManager(leaf)}, null, null);
    server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    serverThread.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void aClientTrustingOnlyTheCaAcceptsTheLeafForItsName(String protocol) throws Exception {
    Future<List<SNIServerName>> served = serverThread.submit(this::serveOne);

    try (SSLSocket client = connect("site.test")) {
      client.setEnabledProtocols(new String[] {protocol});
      client.startHandshake();
      assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
      Certificate[] presented = client.getSession().getPeerCertificates();
      assertThat(presented[0]).isEqualTo(leaf.leaf());
      client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII)
          .isEqualTo("pong\n");
    }
    assertThat(served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .containsExactly(new SNIHostName("site.test"));
  }

  @Test
  void aClientAskingForAnotherNameRefusesTheLeaf() throws Exception {
    serverThread.submit(this::serveOne);

    try (SSLSocket client = connect("other.test")) {
      assertThatThrownBy(client::startHandshake)
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("other.test");
    }
  }

  @Test
  void theKeyManagerOffersTheLeafOnlyForAKeyOfItsKind() {
    LeafKeyManager keys = new LeafKeyManager(leaf);
    assertThat(keys.chooseEngineServerAlias("EC", null, null)).isEqualTo("leaf");
    assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNull();
    assertThat(keys.getServerAliases("RSASSA-PSS", null)).isNull();
    assertThat(keys.getCertificateChain("leaf")).containsExactly(leaf.chain());
    assertThat(keys.getPrivateKey("leaf")).isEqualTo(leaf.key());
    assertThat(keys.getPrivateKey("other")).isNull();
    assertThat(keys.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
  }

  private SSLSocket connect(String hostName) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("htapod-ca", ca.certificate());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);

    Socket plain = new Socket();
    plain.connect(server.getLocalSocketAddress(), TIMEOUT_MS);
    plain.setSoTimeout(TIMEOUT_MS);
    InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
    // Layered over a connected socket so the TLS peer is site.test while the TCP peer is 127.0.0.1.
    SSLSocket client = (SSLSocket) context.getSocketFactory()
        .createSocket(plain, hostName, address.getPort(), true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(hostName)));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    client.setSSLParameters(parameters);
    return client;
  }

  /** Accepts one connection, answers "ping" with "pong", and tells which names the client sent. */
  private List<SNIServerName> serveOne() throws IOException {
    try (SSLSocket accepted = (SSLSocket) server.accept()) {
      accepted.setSoTimeout(TIMEOUT_MS);
      accepted.startHandshake();
      byte[] ping = accepted.getInputStream().readNBytes(5);
      if (new String(ping, StandardCharsets.US_ASCII).equals("ping\n")) {
        accepted.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
      }
      return ((ExtendedSSLSession) accepted.getSession()).getRequestedServerNames();
    }
  }
}

package dev.htapod.relay;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of our upstream TLS clients: it has no certificate to offer, and notes which
 * servers (name or address, and port) asked for one (mTLS). Their connections are relayed
 * untouched, so that the command can answer with its own certificate. Servers are noted rather
 * than engines, as Netty wraps the engine this is given.
 */
final class ClientCertificateRequests extends X509ExtendedKeyManager {
  private final Set<String> asking = ConcurrentHashMap.newKeySet();

  /** Whether the server {@code host}:{@code port} asked us for a client certificate. */
  boolean asks(String host, int port) {
    return asking.contains(host + ":" + port);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    asking.add(engine.getPeerHost() + ":" + engine.getPeerPort());
    return null; // no certificate: the handshake goes on without one, or the server ends it
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return null;
  }
}

package dev.htapod.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of a TLS server that presents one minted leaf. Handing the key over as it is
 * spares a context per leaf the detour through a password-protected PKCS#12 store, whose key
 * derivation (PBKDF2, twice) cost more than minting the leaf.
 */
public final class LeafKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "leaf";

  private final LeafCredentials leaf;

  public LeafKeyManager(LeafCredentials leaf) {
    this.leaf = leaf;
  }

  /** The leaf's alias when the handshake asks for a key of its kind ("EC"), else none. */
  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return leaf.key().getAlgorithm().equals(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return chooseEngineServerAlias(keyType, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseEngineServerAlias(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? leaf.chain() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? leaf.key() : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }
}

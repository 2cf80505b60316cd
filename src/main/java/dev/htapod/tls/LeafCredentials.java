package dev.htapod.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a TLS server needs to present a minted leaf: the key and the chain {leaf, CA}, in the
 * shapes a {@link java.security.KeyStore} key entry or an {@code X509KeyManager} takes.
 *
 * @param key the private key of the leaf, shared by all leaves of a {@link LeafMinter}
 * @param chain the leaf first, then the CA that signed it
 */
public record LeafCredentials(PrivateKey key, X509Certificate[] chain) {
  /**
   * @throws IllegalArgumentException when the chain is empty
   */
  public LeafCredentials {
    Objects.requireNonNull(key, "key");
    chain = chain.clone();
    if (chain.length == 0) {
      throw new IllegalArgumentException("a chain starts with the leaf");
    }
  }

  /** A copy, so no caller can change the cached chain for the others. */
  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }

  public X509Certificate leaf() {
    return chain[0];
  }

  // Arrays compare by content here; a record would compare the array references.
  @Override
  public boolean equals(Object other) {
    return other instanceof LeafCredentials that
        && key.equals(that.key) && Arrays.equals(chain, that.chain);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(chain);
  }

  /** Names the leaf and never prints the key. */
  @Override
  public String toString() {
    return "leaf " + leaf().getSubjectX500Principal().getName()
        + " (chain of " + chain.length + ")";
  }
}

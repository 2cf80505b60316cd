package dev.htapod.tls;

import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Key identifiers by RFC 5280 section 4.2.1.2 method 1, the SHA-1 of the public key's bits.
 * OpenSSL's strict verification (Python 3.13's default) wants them: the subject's on a CA, the
 * authority's on every certificate it signs.
 */
final class KeyIdentifiers {
  private KeyIdentifiers() {}

  static SubjectKeyIdentifier subject(PublicKey key) {
    return extensions().createSubjectKeyIdentifier(key);
  }

  static AuthorityKeyIdentifier authority(PublicKey key) {
    return extensions().createAuthorityKeyIdentifier(key);
  }

  // A new one each time: its SHA-1 calculator keeps state and is not safe to share across threads.
  private static JcaX509ExtensionUtils extensions() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1 for key identifiers", e);
    }
  }
}

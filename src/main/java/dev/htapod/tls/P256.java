package dev.htapod.tls;

import dev.htapod.api.HtapodException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The one kind of key htapod makes: EC on NIST P-256, which every TLS client accepts and which is
 * cheap to generate and sign with. Made by the JDK's SunEC, not by Bouncy Castle's provider.
 */
final class P256 {
  private P256() {}

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      // A jlinked runtime can lack the module; the JDKs htapod ships for all have it.
      throw new HtapodException("this Java runtime cannot make EC P-256 keys (" + e.getMessage()
          + "): run htapod on a full JDK, or one that includes the module jdk.crypto.ec", e);
    }
  }
}

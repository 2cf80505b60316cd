package dev.htapod.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs certificates with one private key, using the signature algorithm that key calls for.
 * bcpkix's Jca builders are given no provider name, so they use the JDK's providers; Bouncy
 * Castle's own provider is never loaded.
 */
final class CertificateSigner {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey key;
  private final String algorithm;

  /**
   * @throws IllegalArgumentException when htapod cannot sign with this kind of key
   */
  CertificateSigner(PrivateKey key) {
    this.key = key;
    this.algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException(
          "it is a " + key.getAlgorithm() + " key; htapod signs with EC, RSA or Ed25519 keys");
    };
  }

  /**
   * A certificate builder with a random serial: positive and at most 16 bytes, well inside the 20
   * that RFC 5280 section 4.1.2.2 allows, and unpredictable as the CA/Browser Forum asks.
   */
  static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, Validity validity, PublicKey subjectKey) {
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(issuer, serial,
        Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, subjectKey);
  }

  PrivateKey privateKey() {
    return key;
  }

  X509Certificate sign(X509v3CertificateBuilder builder) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate with " + algorithm, e);
    }
  }

  /** Whether {@code publicKey} is this key's other half: a signature made here verifies with it. */
  boolean matches(PublicKey publicKey) {
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A public key of another kind (an RSA certificate, an EC key) cannot verify: no match.
      return false;
    }
  }
}

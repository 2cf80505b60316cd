package dev.htapod.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** PEM as users hand it to --ca-cert and --ca-key, written by tests only. */
final class PemText {
  private PemText() {}

  static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** PKCS#8, as openssl genpkey writes it. */
  static String pkcs8(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** "EC PRIVATE KEY" (RFC 5915) with curve and public key, as openssl ecparam -genkey writes. */
  static String traditionalEc(PrivateKey key, PublicKey publicKey) {
    try {
      var bits = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData();
      BigInteger secret = ((ECPrivateKey) key).getS();
      var body = new org.bouncycastle.asn1.sec.ECPrivateKey(
          256, secret, bits, SECObjectIdentifiers.secp256r1);
      return block("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded())
          + block("EC PRIVATE KEY", body.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "RSA PRIVATE KEY" (PKCS#1), as openssl genrsa of OpenSSL 1.x writes it. */
  static String traditionalRsa(PrivateKey key) {
    try {
      byte[] pkcs1 = PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey()
          .toASN1Primitive().getEncoded();
      return block("RSA PRIVATE KEY", pkcs1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

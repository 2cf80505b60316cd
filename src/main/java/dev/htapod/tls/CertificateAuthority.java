package dev.htapod.tls;

import dev.htapod.api.HtapodException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The CA whose certificate the command is made to trust and whose key signs the leaves htapod
 * presents. Either {@linkplain #generate() made fresh for each run} or {@linkplain #load loaded}
 * from the files of {@code --ca-cert} and {@code --ca-key}.
 *
 * <p>The private key stays inside this package: this class signs with it and never writes it.
 */
public final class CertificateAuthority {
  private static final Duration GENERATED_LIFETIME = Duration.ofDays(2);
  private static final int KEY_CERT_SIGN = 5;

  private final X509Certificate certificate;
  private final CertificateSigner signer;

  private CertificateAuthority(X509Certificate certificate, CertificateSigner signer) {
    this.certificate = certificate;
    this.signer = signer;
  }

  /**
   * A fresh CA for one run: EC P-256, named "htapod per-run CA" plus a short random id so that
   * two runs' CAs are told apart in a trust store, valid from an hour ago until two days from
   * now.
   */
  public static CertificateAuthority generate() {
    return generate(Validity.backdated(Instant.now(), GENERATED_LIFETIME));
  }

  static CertificateAuthority generate(Validity validity) {
    KeyPair keys = P256.newKeyPair();
    byte[] id = new byte[4];
    new SecureRandom().nextBytes(id);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "htapod")
        .addRDN(BCStyle.CN, "htapod per-run CA " + HexFormat.of().formatHex(id))
        .build();
    X509v3CertificateBuilder builder =
        CertificateSigner.builder(name, name, validity, keys.getPublic());
    try {
      // pathlen 0: this CA signs leaves only, never another CA.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          KeyIdentifiers.subject(keys.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the CA's extensions", e);
    }
    CertificateSigner signer = new CertificateSigner(keys.getPrivate());
    return new CertificateAuthority(signer.sign(builder), signer);
  }

  /**
   * The CA of {@code --ca-cert} and {@code --ca-key}: the first certificate in {@code certPem},
   * and the first private key in {@code keyPem} (PKCS#8 "PRIVATE KEY", "EC PRIVATE KEY" or "RSA
   * PRIVATE KEY"). Both may name the same file.
   *
   * @throws HtapodException naming the file when it cannot be read or parsed, when the
   *     certificate is not a CA or not valid now, or when the key is not the certificate's
   */
  public static CertificateAuthority load(Path certPem, Path keyPem) {
    PemFile certFile = new PemFile(certPem, "CA certificate (--ca-cert)");
    X509Certificate certificate = certFile.certificate();
    if (certificate.getBasicConstraints() < 0) {
      throw certFile.reject("it is not a CA (its basicConstraints lack CA:true);"
          + " pass a CA certificate, or let htapod make one by leaving out --ca-cert", null);
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && !usage[KEY_CERT_SIGN]) {
      throw certFile.reject("its keyUsage does not allow signing certificates (keyCertSign);"
          + " pass a CA certificate that may sign certificates", null);
    }
    Validity validity = Validity.of(certificate);
    if (!validity.contains(Instant.now())) {
      throw certFile.reject("it is valid from " + validity.notBefore() + " to "
          + validity.notAfter() + ", not now; pass a CA certificate that is valid now", null);
    }
    PemFile keyFile = new PemFile(keyPem, "CA key (--ca-key)");
    CertificateSigner signer;
    try {
      signer = new CertificateSigner(keyFile.privateKey());
    } catch (IllegalArgumentException e) {
      throw keyFile.reject(e.getMessage(), e);
    }
    if (!signer.matches(certificate.getPublicKey())) {
      throw keyFile.reject("it is not the key of the certificate " + certPem
          + "; pass the private key the CA certificate was made for", null);
    }
    return new CertificateAuthority(certificate, signer);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate in PEM, for trust bundles. The private key has no such method. */
  public String toPem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }

  @Override
  public String toString() {
    return "CA " + certificate.getSubjectX500Principal().getName();
  }

  X509Certificate sign(X509v3CertificateBuilder builder) {
    return signer.sign(builder);
  }

  Validity validity() {
    return Validity.of(certificate);
  }

  /**
   * The name leaves carry as their issuer, in the certificate's own encoding: clients match
   * issuer to subject byte for byte when they build the chain.
   */
  X500Name name() {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  /** What leaves carry as their authority key identifier: the CA's subject key identifier. */
  AuthorityKeyIdentifier keyIdentifier() {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      // A loaded CA may lack the extension; the identifier its key would have is what clients use.
      return KeyIdentifiers.authority(certificate.getPublicKey());
    }
    byte[] keyId = ASN1OctetString.getInstance(
        ASN1OctetString.getInstance(extension).getOctets()).getOctets();
    return new AuthorityKeyIdentifier(keyId);
  }

  /** Only tests read it, to write a CA to files as a user of --ca-key would. */
  PrivateKey privateKey() {
    return signer.privateKey();
  }
}

package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.htapod.api.HtapodException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CertificateAuthority.load, the CA of --ca-cert and --ca-key. */
class CaFilesTest {
  @TempDir Path dir;

  private final CertificateAuthority generated = CertificateAuthority.generate();
  private Path caPem;
  private Path caKey;

  @BeforeEach
  void writeTheGeneratedCa() {
    caPem = PemText.write(dir, "ca.pem", generated.toPem());
    caKey = PemText.write(dir, "ca.key", PemText.pkcs8(generated.privateKey()));
  }

  @Test
  void aCaWrittenToPemLoadsBack() {
    CertificateAuthority loaded = CertificateAuthority.load(caPem, caKey);

    assertThat(loaded.certificate()).isEqualTo(generated.certificate());
    assertSignsLeaves(loaded);
  }

  @Test
  void anEcPrivateKeyLoadsEvenAfterItsParameters() {
    Path key = PemText.write(dir, "ec.key", PemText.traditionalEc(
        generated.privateKey(), generated.certificate().getPublicKey()));

    assertSignsLeaves(CertificateAuthority.load(caPem, key));
  }

  @Test
  void anRsaCaSignsLeavesWithRsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();

    CertificateAuthority loaded = loadCaWith(keys, PemText.traditionalRsa(keys.getPrivate()));

    assertThat(assertSignsLeaves(loaded).getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void anEd25519CaSignsLeavesWithEd25519() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    CertificateAuthority loaded = loadCaWith(keys, PemText.pkcs8(keys.getPrivate()));

    assertThat(assertSignsLeaves(loaded).getSigAlgName()).isEqualTo("Ed25519");
  }

  @Test
  void certificateAndKeyMayShareAFile() {
    Path both = PemText.write(dir, "ca-and-key.pem",
        PemText.pkcs8(generated.privateKey()) + generated.toPem());

    assertThat(CertificateAuthority.load(both, both).certificate())
        .isEqualTo(generated.certificate());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nowhere.pem");

    assertRejected(() -> CertificateAuthority.load(missing, caKey))
        .hasMessage(certificateProblem(missing) + "the file does not exist");
  }

  @Test
  void garbageIsNotACertificate() {
    Path garbage = PemText.write(dir, "garbage.pem", "\u0000\u00ffnot\na certificate\r\n");

    assertRejected(() -> CertificateAuthority.load(garbage, caKey)).hasMessage(
        certificateProblem(garbage) + "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void garbageInsidePemArmourIsNotValidPem() {
    Path garbage = PemText.write(dir, "garbage.key",
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    assertRejected(() -> CertificateAuthority.load(caPem, garbage))
        .hasMessageStartingWith(keyProblem(garbage) + "it is not valid PEM (");
  }

  @Test
  void aCertificateIsNotAKey() {
    assertRejected(() -> CertificateAuthority.load(caPem, caPem)).hasMessage(
        keyProblem(caPem) + "it holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  @Test
  void anEncryptedKeyMustBeDecryptedFirst() throws Exception {
    Cipher cipher = Cipher.getInstance("PBEWithSHA1AndDESede");
    cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance("PBEWithSHA1AndDESede")
        .generateSecret(new PBEKeySpec("secret".toCharArray())),
        new PBEParameterSpec(new byte[8], 1000));
    byte[] encrypted = new EncryptedPrivateKeyInfo(cipher.getParameters(),
        cipher.doFinal(generated.privateKey().getEncoded())).getEncoded();
    Path key =
        PemText.write(dir, "encrypted.key", PemText.block("ENCRYPTED PRIVATE KEY", encrypted));

    assertRejected(() -> CertificateAuthority.load(caPem, key)).hasMessage(keyProblem(key)
        + "its private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN-KEY)");
  }

  @Test
  void anotherCasKeyDoesNotMatch() {
    Path otherKey = PemText.write(dir, "other.key",
        PemText.pkcs8(CertificateAuthority.generate().privateKey()));

    assertRejected(() -> CertificateAuthority.load(caPem, otherKey))
        .hasMessage(keyProblem(otherKey) + "it is not the key of the certificate " + caPem
            + "; pass the private key the CA certificate was made for");
  }

  @Test
  void aLeafIsNotACa() throws Exception {
    LeafCredentials leaf =
        new LeafMinter(generated).credentialsFor(LeafSpec.forHostName("site.test"));
    Path cert =
        PemText.write(dir, "leaf.pem", PemText.block("CERTIFICATE", leaf.leaf().getEncoded()));
    Path key = PemText.write(dir, "leaf.key", PemText.pkcs8(leaf.key()));

    assertRejected(() -> CertificateAuthority.load(cert, key))
        .hasMessage(certificateProblem(cert) + "it is not a CA (its basicConstraints lack"
            + " CA:true); pass a CA certificate, or let htapod make one by leaving out --ca-cert");
  }

  @Test
  void anExpiredCaIsRefused() {
    Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
    CertificateAuthority expired =
        CertificateAuthority.generate(new Validity(longAgo, longAgo.plus(Duration.ofDays(1))));
    Path cert = PemText.write(dir, "old.pem", expired.toPem());
    Path key = PemText.write(dir, "old.key", PemText.pkcs8(expired.privateKey()));

    assertRejected(() -> CertificateAuthority.load(cert, key))
        .hasMessage(certificateProblem(cert) + "it is valid from 2020-01-01T00:00:00Z to"
            + " 2020-01-02T00:00:00Z, not now; pass a CA certificate that is valid now");
  }

  /** A CA made elsewhere with {@code keys}, written to files and loaded as --ca-cert/--ca-key. */
  private CertificateAuthority loadCaWith(KeyPair keys, String keyPem) throws Exception {
    X500Name name = new X500Name("CN=someone else's CA");
    var builder = CertificateSigner.builder(
        name, name, Validity.backdated(Instant.now(), Duration.ofDays(1)), keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate certificate = new CertificateSigner(keys.getPrivate()).sign(builder);
    Path cert = PemText.write(dir, "other-ca.pem",
        PemText.block("CERTIFICATE", certificate.getEncoded()));
    return CertificateAuthority.load(cert, PemText.write(dir, "other-ca.key", keyPem));
  }

  private static String certificateProblem(Path file) {
    return "cannot use " + file + " as the CA certificate (--ca-cert): ";
  }

  private static String keyProblem(Path file) {
    return "cannot use " + file + " as the CA key (--ca-key): ";
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Runnable load) {
    return assertThatThrownBy(load::run)
        .isInstanceOf(HtapodException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static X509Certificate assertSignsLeaves(CertificateAuthority ca) {
    var leaf = new LeafMinter(ca).credentialsFor(LeafSpec.forHostName("site.test")).leaf();
    try {
      leaf.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("the loaded CA's leaf does not verify", e);
    }
    return leaf;
  }
}

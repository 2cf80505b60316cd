package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private final CertificateAuthority ca = CertificateAuthority.generate();
  private final X509Certificate certificate = ca.certificate();

  @Test
  void aGeneratedCaMaySignLeavesButNoOtherCa() {
    assertThat(certificate.getBasicConstraints()).isZero();
    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement,
    // keyCertSign, cRLSign, encipherOnly, decipherOnly
    assertThat(certificate.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
  }

  @Test
  void aGeneratedCaIsSelfSignedWithAnEcP256Key() throws Exception {
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void eachRunsCaHasItsOwnName() {
    assertThat(certificate.getSubjectX500Principal().getName())
        .matches("CN=htapod per-run CA [0-9a-f]{8},O=htapod");
    assertThat(CertificateAuthority.generate().certificate().getSubjectX500Principal())
        .isNotEqualTo(certificate.getSubjectX500Principal());
  }

  @Test
  void aGeneratedCaIsValidFromAnHourAgoForTwoDays() {
    Instant now = Instant.now();
    assertThat(certificate.getNotBefore().toInstant())
        .isBetween(now.minus(Duration.ofMinutes(61)), now.minus(Duration.ofMinutes(59)));
    assertThat(certificate.getNotAfter().toInstant())
        .isBetween(now.plus(Duration.ofDays(2)).minusSeconds(60), now.plus(Duration.ofDays(2)));
  }

  @Test
  void itsPemIsTheCertificate() throws Exception {
    String pem = ca.toPem();
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("\n-----END CERTIFICATE-----\n")
        .doesNotContain("PRIVATE");
    var parsed = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(parsed).isEqualTo(certificate);
  }

  @Test
  void itsTextNamesTheCaAndNotTheKey() {
    assertThat(ca.toString()).startsWith("CA CN=htapod per-run CA ");
  }
}

package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The subject hash against the openssl program's own, for subjects of every text type it folds. */
class SubjectHashTest {
  private static final KeyPair KEYS = P256.newKeyPair();

  @Test
  void ourCaHashesAsOpensslHashesIt() throws Exception {
    X509Certificate ca = CertificateAuthority.generate().certificate();
    assertThat(SubjectHash.of(ca)).matches("[0-9a-f]{8}").isEqualTo(openssl(ca));
  }

  @Test
  void textIsFoldedAsOpensslFoldsIt() throws Exception {
    X509Certificate mixed = certificate(new X500Name(new RDN[] {
        rdn(BCStyle.C, new DERPrintableString("DE")),
        rdn(BCStyle.O, new DERPrintableString("  Example   Org\t Ltd ")),
        rdn(BCStyle.OU, new DERUTF8String("Ünïcode ÇA  Team")),
        rdn(BCStyle.L, new DERBMPString("Köln  Süd")),
        rdn(BCStyle.ST, new DERT61String("Nord Rhein")),
        rdn(BCStyle.E, new DERIA5String("CA@Example.TEST")),
        rdn(BCStyle.SERIALNUMBER, new DERNumericString("0042")),
        rdn(BCStyle.CN, new DERUniversalString("Wide CA".chars()
            .flatMap(c -> java.util.stream.IntStream.of(0, 0, 0, c))
            .collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write, (a, b) -> { })
            .toByteArray()))}));
    assertThat(SubjectHash.of(mixed)).isEqualTo(openssl(mixed));
  }

  @Test
  void aMultiValuedRdnIsOneSet() throws Exception {
    X509Certificate multi = certificate(new X500Name(new RDN[] {
        new RDN(new AttributeTypeAndValue[] {
            new AttributeTypeAndValue(BCStyle.OU, new DERUTF8String("Zeta")),
            new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("Alpha CA"))})}));
    assertThat(SubjectHash.of(multi)).isEqualTo(openssl(multi));
  }

  private static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new RDN(type, value);
  }

  private static X509Certificate certificate(X500Name subject) throws Exception {
    Date now = new Date();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
        now, new Date(now.getTime() + 86_400_000L), subject, KEYS.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
  }

  /** What `openssl x509 -noout -subject_hash` prints for the certificate. */
  private static String openssl(X509Certificate certificate) throws Exception {
    Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-subject_hash").start();
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
    openssl.getOutputStream().write(pem.getBytes(StandardCharsets.US_ASCII));
    openssl.getOutputStream().close();
    String hash = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).isZero();
    return hash;
  }
}

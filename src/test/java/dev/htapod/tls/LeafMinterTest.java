package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.htapod.api.HtapodException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.Security;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class LeafMinterTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private final CertificateAuthority ca = CertificateAuthority.generate();
  private final LeafMinter minter = new LeafMinter(ca);

  @Test
  void aLeafVerifiesAgainstTheCaAlone() throws Exception {
    X509Certificate leaf = minter.credentialsFor(LeafSpec.forHostName("site.test")).leaf();

    PKIXParameters parameters =
        new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  @Test
  void aLeafForAHostNameNamesItForServerAuthentication() throws Exception {
    X509Certificate leaf = minter.credentialsFor(LeafSpec.forHostName("site.test")).leaf();

    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=site.test");
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(SAN_DNS, "site.test"));
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(leaf.getKeyUsage()).startsWith(true, false, false, false, false, false);
    assertThat(leaf.getCriticalExtensionOIDs()).containsExactly(Extension.keyUsage.getId());
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSerialNumber()).isPositive();
  }

  @Test
  void aLeafForAnAddressCarriesItAsAnIpAlternative() throws Exception {
    X509Certificate v4 = minter.credentialsFor(
        LeafSpec.forAddress(InetAddress.getByName("127.0.0.1"))).leaf();
    X509Certificate v6 = minter.credentialsFor(
        LeafSpec.forAddress(InetAddress.getByName("::1"))).leaf();

    assertThat(v4.getSubjectAlternativeNames()).containsExactly(List.of(SAN_IP, "127.0.0.1"));
    assertThat(v6.getSubjectAlternativeNames())
        .containsExactly(List.of(SAN_IP, "0:0:0:0:0:0:0:1"));
  }

  @Test
  void aLeafPointsAtItsCaByKeyIdentifier() {
    X509Certificate leaf = minter.credentialsFor(LeafSpec.forHostName("site.test")).leaf();

    AuthorityKeyIdentifier authority = AuthorityKeyIdentifier.getInstance(
        extension(leaf, Extension.authorityKeyIdentifier));
    SubjectKeyIdentifier caSubject = SubjectKeyIdentifier.getInstance(
        extension(ca.certificate(), Extension.subjectKeyIdentifier));
    assertThat(authority.getKeyIdentifierOctets()).isEqualTo(caSubject.getKeyIdentifier());
    assertThat(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
  }

  @Test
  void theChainIsTheLeafThenTheCa() {
    LeafCredentials credentials = minter.credentialsFor(LeafSpec.forHostName("site.test"));

    assertThat(credentials.chain()).containsExactly(credentials.leaf(), ca.certificate());
    assertThat(credentials.toString()).isEqualTo("leaf CN=site.test (chain of 2)");
  }

  @Test
  void eachSpecIsMintedOnce() {
    LeafCredentials first = minter.credentialsFor(LeafSpec.forHostName("site.test"));
    LeafCredentials again = minter.credentialsFor(LeafSpec.forHostName("SITE.test"));
    LeafCredentials other = minter.credentialsFor(LeafSpec.forHostName("other.test"));

    assertThat(again.leaf()).isSameAs(first.leaf());
    assertThat(other.leaf()).isNotEqualTo(first.leaf());
    assertThat(other.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
    assertThat(other.key()).isSameAs(first.key());
  }

  @Test
  void aLeafEndsWithItsCa() {
    X509Certificate leaf = minter.credentialsFor(LeafSpec.forHostName("site.test")).leaf();

    assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    assertThat(leaf.getNotBefore()).isAfterOrEqualTo(ca.certificate().getNotBefore());
  }

  @Test
  void aLeafOfALongLivedCaLastsThirtyDaysFromAnHourAgo() {
    Instant now = Instant.now();
    CertificateAuthority longLived =
        CertificateAuthority.generate(Validity.backdated(now, Duration.ofDays(365)));
    X509Certificate leaf =
        new LeafMinter(longLived).credentialsFor(LeafSpec.forHostName("site.test")).leaf();

    assertThat(leaf.getNotBefore().toInstant())
        .isBetween(now.minus(Duration.ofMinutes(61)), now.minus(Duration.ofMinutes(59)));
    assertThat(leaf.getNotAfter().toInstant())
        .isBetween(now.plus(Duration.ofDays(30)).minusSeconds(60), now.plus(Duration.ofDays(30)));
  }

  @Test
  void anExpiredCaMintsNothing() {
    Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
    LeafMinter expired = new LeafMinter(
        CertificateAuthority.generate(new Validity(longAgo, longAgo.plus(Duration.ofDays(2)))));

    assertThatThrownBy(() -> expired.credentialsFor(LeafSpec.forHostName("site.test")))
        .isInstanceOf(HtapodException.class)
        .hasMessageContaining("is valid until 2020-01-03T00:00:00Z, not now: start htapod again");
  }

  /** Start-up cost: the JDK's providers make keys and signatures; Bouncy Castle's stays out. */
  @Test
  void bouncyCastlesProviderIsNeverRegistered() {
    minter.credentialsFor(LeafSpec.forHostName("site.test"));

    assertThat(Security.getProvider("BC")).isNull();
  }

  @Test
  void mintingIsCheapOnceTheKeyExists() {
    minter.credentialsFor(LeafSpec.forHostName("warm-up.test"));
    int count = 200;
    Set<BigInteger> serials = new HashSet<>();

    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      serials.add(minter.credentialsFor(LeafSpec.forHostName("host" + i + ".test")).leaf()
          .getSerialNumber());
    }
    long elapsed = System.nanoTime() - start;

    // Reported, not asserted: a loaded CI machine must not fail the build on timing.
    System.out.printf("minted %d leaves in %.1f ms (%.3f ms each)%n",
        count, elapsed / 1e6, elapsed / 1e6 / count);
    assertThat(serials).hasSize(count);
  }

  private static byte[] extension(X509Certificate certificate, ASN1ObjectIdentifier oid) {
    return ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId())).getOctets();
  }
}

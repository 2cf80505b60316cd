package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
  private static final char[] PASSWORD = TrustBundle.JAVA_STORE_PASSWORD.toCharArray();

  private final CertificateAuthority ca = CertificateAuthority.generate();
  private final TrustBundle bundle = new TrustBundle(ca);
  private final CertificateAuthority hostCa1 = CertificateAuthority.generate();
  private final CertificateAuthority hostCa2 = CertificateAuthority.generate();

  @Test
  void thePemBundleIsTheHostsWithOurCaLast() throws Exception {
    String host = "# a comment as in some bundles\n" + hostCa1.toPem() + hostCa2.toPem();

    assertThat(certificates(bundle.pemBundle(host)))
        .containsExactly(hostCa1.certificate(), hostCa2.certificate(), ca.certificate());
  }

  @Test
  void aHostBundleWithoutAFinalNewlineStillParses() throws Exception {
    String host = hostCa1.toPem().stripTrailing();

    assertThat(certificates(bundle.pemBundle(host)))
        .containsExactly(hostCa1.certificate(), ca.certificate());
  }

  @Test
  void anEmptyHostBundleLeavesOurCaAlone() throws Exception {
    assertThat(certificates(bundle.pemBundle(""))).containsExactly(ca.certificate());
  }

  @Test
  void theJavaStoreHoldsTheHostsTrustedCertificatesAndOurs() throws Exception {
    KeyStore host = KeyStore.getInstance("PKCS12");
    host.load(null, null);
    host.setCertificateEntry("host-one", hostCa1.certificate());
    host.setCertificateEntry("host-two", hostCa2.certificate());
    host.setKeyEntry("a-key", hostCa1.privateKey(), PASSWORD,
        new Certificate[] {hostCa1.certificate()});

    KeyStore store = load("PKCS12", bundle.javaTrustStore(host), PASSWORD);

    assertThat(Collections.list(store.aliases()))
        .containsExactlyInAnyOrder("host-one", "host-two", TrustBundle.CA_ALIAS);
    assertThat(store.isCertificateEntry(TrustBundle.CA_ALIAS)).isTrue();
    assertThat(store.getCertificate(TrustBundle.CA_ALIAS)).isEqualTo(ca.certificate());
    assertThat(store.getCertificate("host-two")).isEqualTo(hostCa2.certificate());
  }

  @Test
  void withoutAHostStoreOurCaIsAlone() throws Exception {
    KeyStore store = load("PKCS12", bundle.javaTrustStore(null), PASSWORD);

    assertThat(Collections.list(store.aliases())).containsExactly(TrustBundle.CA_ALIAS);
  }

  /** The JDK's default trust manager opens cacerts without a password: it must not look empty. */
  @Test
  void theJavaStoreTrustsOurLeavesWhenOpenedWithoutAPassword() throws Exception {
    KeyStore store = load(KeyStore.getDefaultType(), bundle.javaTrustStore(null), null);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];

    LeafCredentials leaf = new LeafMinter(ca).credentialsFor(LeafSpec.forHostName("site.test"));
    trust.checkServerTrusted(leaf.chain(), "ECDHE_ECDSA");
  }

  @Test
  void theHostsOwnCacertsCarriesOver() throws Exception {
    Path cacerts = Path.of("/etc/ssl/certs/java/cacerts");
    assumeThat(Files.isReadable(cacerts)).as("a host cacerts").isTrue();
    KeyStore host = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(cacerts)) {
      host.load(in, PASSWORD);
    }

    KeyStore store = load("PKCS12", bundle.javaTrustStore(host), PASSWORD);

    assertThat(store.size()).isEqualTo(host.size() + 1);
  }

  @Test
  void aJksStoreGetsOurCaAppendedAndStillOpensWithAndWithoutThePassword() throws Exception {
    KeyStore host = KeyStore.getInstance("JKS");
    host.load(null, null);
    host.setCertificateEntry("host-one", hostCa1.certificate());
    host.setCertificateEntry("host-two", hostCa2.certificate());

    byte[] appended = bundle.javaTrustStoreAppended(bytes(host)).orElseThrow();

    for (char[] password : new char[][] {PASSWORD, null}) {
      KeyStore store = load("JKS", appended, password);
      assertThat(Collections.list(store.aliases()))
          .containsExactlyInAnyOrder("host-one", "host-two", TrustBundle.CA_ALIAS);
      assertThat(store.getCertificate(TrustBundle.CA_ALIAS)).isEqualTo(ca.certificate());
      assertThat(store.getCertificate("host-two")).isEqualTo(hostCa2.certificate());
    }
    // JDK 9 and later open a JKS cacerts as their default type too (keystore.type.compat).
    assertThat(load(KeyStore.getDefaultType(), appended, null).isCertificateEntry(TrustBundle.CA_ALIAS)).isTrue();
  }

  @Test
  void theHostsOwnJksCacertsIsAppendedTo() throws Exception {
    Path cacerts = Path.of("/etc/ssl/certs/java/cacerts");
    assumeThat(Files.isReadable(cacerts)).as("a host cacerts").isTrue();
    byte[] host = Files.readAllBytes(cacerts);
    assumeThat(host[0]).as("a JKS cacerts, as Debian's").isEqualTo((byte) 0xFE);

    KeyStore store = load("JKS", bundle.javaTrustStoreAppended(host).orElseThrow(), PASSWORD);

    assertThat(store.size()).isEqualTo(load("JKS", host, PASSWORD).size() + 1);
    assertThat(store.getCertificate(TrustBundle.CA_ALIAS)).isEqualTo(ca.certificate());
  }

  @Test
  void aStoreThatIsNotJksOrFailsItsDigestIsLeftToBeRebuilt() throws Exception {
    KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
    pkcs12.load(null, null);
    pkcs12.setCertificateEntry("host-one", hostCa1.certificate());
    KeyStore jks = KeyStore.getInstance("JKS");
    jks.load(null, null);
    jks.setCertificateEntry("host-one", hostCa1.certificate());
    byte[] tampered = bytes(jks);
    tampered[tampered.length / 2] ^= 1;

    assertThat(bundle.javaTrustStoreAppended(bytes(pkcs12))).isEmpty();
    assertThat(bundle.javaTrustStoreAppended(tampered)).isEmpty();
    assertThat(bundle.javaTrustStoreAppended(new byte[10])).isEmpty();
  }

  private static byte[] bytes(KeyStore store) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, PASSWORD);
    return out.toByteArray();
  }

  private static List<Certificate> certificates(byte[] pem) throws Exception {
    assertThat(new String(pem, StandardCharsets.US_ASCII)).doesNotContain("PRIVATE");
    return List.<Certificate>copyOf(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem)));
  }

  private static KeyStore load(String type, byte[] bytes, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance(type);
    store.load(new ByteArrayInputStream(bytes), password);
    return store;
  }
}

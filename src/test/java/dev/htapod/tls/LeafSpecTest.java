package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeafSpecTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void aHostNameIsTheNameAndTheOnlyAlternative() {
    assertThat(LeafSpec.forHostName("Site.Test."))
        .isEqualTo(new LeafSpec("site.test", List.of("site.test"), List.of()));
  }

  @Test
  void anAddressIsTheNameAndTheOnlyAlternative() throws Exception {
    InetAddress ip = InetAddress.getByName("::1");
    assertThat(LeafSpec.forAddress(ip))
        .isEqualTo(new LeafSpec("0:0:0:0:0:0:0:1", List.of(), List.of(ip)));
  }

  @Test
  void aLeafNeedsAName() {
    assertThatThrownBy(() -> new LeafSpec("nothing", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mirroringCarriesTheUpstreamNamesAfterTheSni() throws Exception {
    InetAddress upstreamIp = InetAddress.getByName("192.0.2.7");
    X509Certificate upstream = upstream(
        new LeafSpec("Example Server", List.of("example.org", "*.example.org"),
            List.of(upstreamIp)));

    assertThat(LeafSpec.mirroring("WWW.example.org", LOOPBACK, upstream)).isEqualTo(new LeafSpec(
        "Example Server", List.of("www.example.org", "example.org", "*.example.org"),
        List.of(upstreamIp)));
  }

  @Test
  void mirroringWithoutSniAddsTheDialledAddress() throws Exception {
    X509Certificate upstream = upstream(LeafSpec.forHostName("example.org"));

    assertThat(LeafSpec.mirroring(null, LOOPBACK, upstream)).isEqualTo(
        new LeafSpec("example.org", List.of("example.org"), List.of(LOOPBACK)));
  }

  @Test
  void theSniAlreadyAmongTheUpstreamNamesIsNotRepeated() throws Exception {
    X509Certificate upstream = upstream(LeafSpec.forHostName("example.org"));

    assertThat(LeafSpec.mirroring("Example.ORG", LOOPBACK, upstream).dnsNames())
        .containsExactly("example.org");
  }

  @Test
  void mirroringNeedsTheSniOrTheAddress() throws Exception {
    X509Certificate upstream = upstream(LeafSpec.forHostName("example.org"));

    assertThatThrownBy(() -> LeafSpec.mirroring(null, null, upstream))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Stands in for a real server's certificate; minted, since any CA will do here. */
  private static X509Certificate upstream(LeafSpec spec) {
    return new LeafMinter(CertificateAuthority.generate()).credentialsFor(spec).leaf();
  }
}

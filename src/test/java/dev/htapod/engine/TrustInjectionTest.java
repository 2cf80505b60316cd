package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.namespace.PrivateFiles;
import dev.htapod.namespace.SandboxSpec.BindMount;
import dev.htapod.namespace.SandboxSpec.Mount;
import dev.htapod.namespace.SandboxSpec.OverlayMount;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.SubjectHash;
import dev.htapod.tls.TrustLocations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust mount plan on trees laid out like Debian and Fedora. */
class TrustInjectionTest {
  private static final CertificateAuthority CA = CertificateAuthority.generate();
  @TempDir Path root;
  private final PrivateFiles files = new PrivateFiles();

  private Path file(String relative, byte[] content) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return file.toRealPath();
  }

  private static byte[] javaStore() throws Exception {
    KeyStore store = KeyStore.getInstance("JKS");
    store.load(null, null);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    store.store(bytes, "changeit".toCharArray());
    return bytes.toByteArray();
  }

  @Test
  void debianGetsAnOverlayOnItsHashedDirectoryHoldingTheBundleStoreAndHashedCa() throws Exception {
    Path bundle = file("etc/ssl/certs/ca-certificates.crt", "HOST CAS\n".getBytes(StandardCharsets.US_ASCII));
    file("etc/ssl/certs/java/cacerts", javaStore());
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()), Map.of(), root);

    assertThat(trust.mounts()).singleElement().isInstanceOf(OverlayMount.class);
    OverlayMount overlay = (OverlayMount) trust.mounts().get(0);
    assertThat(overlay.target()).isEqualTo(bundle.getParent());
    assertThat(files.isDirectory(overlay.upper())).isTrue();
    assertThat(files.isDirectory(overlay.work())).isTrue();
    assertThat(text(overlay.upper() + "/ca-certificates.crt")).startsWith("HOST CAS\n").contains(CA.toPem());
    KeyStore store = KeyStore.getInstance("JKS");
    store.load(new java.io.ByteArrayInputStream(files.content(overlay.upper() + "/java/cacerts")),
        "changeit".toCharArray());
    assertThat(store.getCertificate("htapod-ca")).isEqualTo(CA.certificate());
    // OpenSSL finds our CA under its subject hash, as c_rehash would have named it
    assertThat(text(overlay.upper() + "/" + SubjectHash.of(CA.certificate()) + ".0")).isEqualTo(CA.toPem());
    // the variables name the bundle, which the command sees with our CA added
    assertThat(trust.environment()).contains("SSL_CERT_FILE=" + bundle);
  }

  @Test
  void fedoraGetsBindMountsForItsBundlesAndStore() throws Exception {
    Path pem = file("etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "FEDORA CAS\n".getBytes(StandardCharsets.US_ASCII));
    Path store = file("etc/pki/ca-trust/extracted/java/cacerts", javaStore());
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()), Map.of(), root);

    assertThat(trust.mounts()).allSatisfy(mount -> assertThat(mount).isInstanceOf(BindMount.class));
    assertThat(trust.mounts()).extracting(mount -> ((BindMount) mount).target()).containsExactlyInAnyOrder(pem, store);
    assertThat(text(source(trust.mounts(), pem))).startsWith("FEDORA CAS\n").contains(CA.toPem());
  }

  @Test
  void theVariablesNameTheHostsCasPlusOursAndKeepAUsersBundleWithOurCaAdded() throws Exception {
    Path hostBundle = file("etc/ssl/cert.pem", "HOST CAS\n".getBytes(StandardCharsets.US_ASCII));
    Path mine = file("home/me/corporate.pem", "CORPORATE CA\n".getBytes(StandardCharsets.US_ASCII));
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()),
        Map.of("REQUESTS_CA_BUNDLE", mine.toString(), "CURL_CA_BUNDLE", root.resolve("no/such.pem").toString()), root);

    assertThat(trust.environment()).extracting(variable -> variable.substring(0, variable.indexOf('=')))
        .containsExactlyElementsOf(TrustInjection.VARIABLES);
    for (String variable : trust.environment()) {
      Path target = Path.of(variable.substring(variable.indexOf('=') + 1));
      assertThat(target).isEqualTo(variable.startsWith("REQUESTS_CA_BUNDLE=") ? mine : hostBundle);
      assertThat(text(source(trust.mounts(), target))).contains(CA.toPem())
          .startsWith(variable.startsWith("REQUESTS_CA_BUNDLE=") ? "CORPORATE CA\n" : "HOST CAS\n");
    }
    assertThat(mine).hasContent("CORPORATE CA"); // the user's file itself stays as it was
  }

  /** A relative name is read where the command starts, which for a warm run is not where htapod runs. */
  @Test
  void aUsersBundleNamedRelativelyIsReadInTheCommandsDirectory() throws Exception {
    file("etc/ssl/cert.pem", "HOST CAS\n".getBytes(StandardCharsets.US_ASCII));
    Path mine = file("home/me/corporate.pem", "CORPORATE CA\n".getBytes(StandardCharsets.US_ASCII));
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()),
        Map.of("SSL_CERT_FILE", "corporate.pem"), mine.getParent());

    assertThat(trust.environment()).contains("SSL_CERT_FILE=corporate.pem");
    assertThat(text(source(trust.mounts(), mine.toRealPath()))).startsWith("CORPORATE CA\n").contains(CA.toPem());
  }

  @Test
  void withoutAnyBundleTheVariablesNameOurCaInTheHashedDirectory() throws Exception {
    Files.createDirectories(root.resolve("etc/ssl/certs"));
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()), Map.of(), root);

    String hashed = root.resolve("etc/ssl/certs").toRealPath().resolve(SubjectHash.of(CA.certificate()) + ".0").toString();
    assertThat(trust.environment()).allSatisfy(variable -> assertThat(variable).endsWith("=" + hashed));
  }

  private String text(String name) {
    assertThat(files.content(name)).as(name).isNotNull();
    return new String(files.content(name), StandardCharsets.US_ASCII);
  }

  private static String source(List<Mount> mounts, Path target) {
    return mounts.stream().map(BindMount.class::cast).filter(m -> m.target().equals(target)).findFirst()
        .orElseThrow().source();
  }
}

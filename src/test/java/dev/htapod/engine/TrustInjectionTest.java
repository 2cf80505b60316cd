package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust mount plan on trees laid out like Debian and Fedora. */
class TrustInjectionTest {
  private static final CertificateAuthority CA = CertificateAuthority.generate();
  @TempDir Path root;
  private final PrivateDirectory files = newDirectory();

  private static PrivateDirectory newDirectory() {
    try {
      return new PrivateDirectory();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void removeFiles() {
    files.close();
  }

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
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()), Map.of());

    assertThat(trust.mounts()).singleElement().isInstanceOf(OverlayMount.class);
    OverlayMount overlay = (OverlayMount) trust.mounts().get(0);
    assertThat(overlay.target()).isEqualTo(bundle.getParent());
    assertThat(Files.readString(overlay.upper().resolve("ca-certificates.crt"))).startsWith("HOST CAS\n").contains(CA.toPem());
    KeyStore store = KeyStore.getInstance(overlay.upper().resolve("java/cacerts").toFile(), "changeit".toCharArray());
    assertThat(store.getCertificate("htapod-ca")).isEqualTo(CA.certificate());
    // OpenSSL finds our CA under its subject hash, as c_rehash would have named it
    assertThat(overlay.upper().resolve(SubjectHash.of(CA.certificate()) + ".0")).hasContent(CA.toPem());
  }

  @Test
  void fedoraGetsBindMountsForItsBundlesAndStore() throws Exception {
    Path pem = file("etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "FEDORA CAS\n".getBytes(StandardCharsets.US_ASCII));
    Path store = file("etc/pki/ca-trust/extracted/java/cacerts", javaStore());
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()), Map.of());

    assertThat(trust.mounts()).allSatisfy(mount -> assertThat(mount).isInstanceOf(BindMount.class));
    assertThat(trust.mounts()).extracting(mount -> ((BindMount) mount).target()).containsExactlyInAnyOrder(pem, store);
    Path bundleCopy = source(trust.mounts(), pem);
    assertThat(Files.readString(bundleCopy)).startsWith("FEDORA CAS\n").contains(CA.toPem());
    assertThat(Files.getPosixFilePermissions(bundleCopy))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void theVariablesPointAtTheHostsCasPlusOursAndKeepAUsersBundle() throws Exception {
    file("etc/ssl/cert.pem", "HOST CAS\n".getBytes(StandardCharsets.US_ASCII));
    Path mine = file("home/me/corporate.pem", "CORPORATE CA\n".getBytes(StandardCharsets.US_ASCII));
    TrustInjection trust = new TrustInjection(files, CA, TrustLocations.find(root, List.of()),
        Map.of("REQUESTS_CA_BUNDLE", mine.toString()));

    assertThat(trust.environment()).extracting(variable -> variable.substring(0, variable.indexOf('=')))
        .containsExactlyElementsOf(TrustInjection.VARIABLES);
    for (String variable : trust.environment()) {
      String content = Files.readString(Path.of(variable.substring(variable.indexOf('=') + 1)));
      assertThat(content).contains(CA.toPem())
          .startsWith(variable.startsWith("REQUESTS_CA_BUNDLE=") ? "CORPORATE CA\n" : "HOST CAS\n");
    }
  }

  private static Path source(List<Mount> mounts, Path target) {
    return mounts.stream().map(BindMount.class::cast).filter(m -> m.target().equals(target)).findFirst()
        .orElseThrow().source();
  }
}

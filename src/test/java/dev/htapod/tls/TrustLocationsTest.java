package dev.htapod.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust locations of the main distributions' layouts, laid out in a temporary tree. */
class TrustLocationsTest {
  @TempDir Path root;

  private Path file(String relative) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
    return file.toRealPath();
  }

  private void link(String relative, String target) throws Exception {
    Path link = root.resolve(relative);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
  }

  @Test
  void debian() throws Exception {
    Path bundle = file("etc/ssl/certs/ca-certificates.crt");
    Path store = file("etc/ssl/certs/java/cacerts");
    // Debian's JDKs link their cacerts to the shared store: it counts once.
    link("usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts", store.toString());
    Path temurin = file("usr/lib/jvm/temurin-25/lib/security/cacerts");
    TrustLocations found = TrustLocations.find(root, List.of());
    assertThat(found.bundles()).containsExactly(bundle);
    assertThat(found.hashedDirectories()).containsExactly(root.resolve("etc/ssl/certs").toRealPath());
    assertThat(found.javaStores()).containsExactlyInAnyOrder(store, temurin);
  }

  @Test
  void fedora() throws Exception {
    Path pem = file("etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
    Path trust = file("etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt");
    link("etc/pki/tls/certs/ca-bundle.crt", pem.toString());
    link("etc/pki/tls/cert.pem", pem.toString());
    Path store = file("etc/pki/ca-trust/extracted/java/cacerts");
    TrustLocations found = TrustLocations.find(root, List.of());
    assertThat(found.bundles()).containsExactlyInAnyOrder(pem, trust);
    assertThat(found.hashedDirectories()).isEmpty();
    assertThat(found.javaStores()).containsExactly(store);
  }

  @Test
  void alpine() throws Exception {
    Path bundle = file("etc/ssl/certs/ca-certificates.crt");
    link("etc/ssl/cert.pem", bundle.toString());
    TrustLocations found = TrustLocations.find(root, List.of());
    assertThat(found.bundles()).containsExactly(bundle);
    assertThat(found.hashedDirectories()).containsExactly(root.resolve("etc/ssl/certs").toRealPath());
    assertThat(found.javaStores()).isEmpty();
  }

  @Test
  void theJavaOnPathCountsToo() throws Exception {
    Path store = file("opt/jdk/lib/security/cacerts");
    assertThat(TrustLocations.find(root, List.of(root.resolve("opt/jdk"))).javaStores()).containsExactly(store);
  }
}

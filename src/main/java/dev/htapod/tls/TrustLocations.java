package dev.htapod.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a system keeps the certificates its programs trust, found under a root directory ("/",
 * or a test's tree laid out like Debian, Fedora or Alpine): PEM bundles, the hashed directory
 * OpenSSL looks certificates up in, and Java trust stores. Paths are real paths (symlinks
 * followed), each once.
 */
public record TrustLocations(List<Path> bundles, List<Path> hashedDirectories, List<Path> javaStores) {
  /** PEM bundles of Debian/Ubuntu, Fedora/RHEL, Alpine/OpenSSL and SUSE, relative to the root. */
  static final List<String> BUNDLES = List.of(
      "etc/ssl/certs/ca-certificates.crt",
      "etc/pki/tls/certs/ca-bundle.crt",
      "etc/pki/tls/cert.pem",
      "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
      "etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt",
      "etc/ssl/cert.pem",
      "etc/ssl/ca-bundle.pem");

  /** Directories of certificates named by subject hash (OpenSSL's CApath). */
  static final List<String> HASHED_DIRECTORIES = List.of("etc/ssl/certs");

  static final List<String> JAVA_STORES = List.of(
      "etc/ssl/certs/java/cacerts",
      "etc/pki/ca-trust/extracted/java/cacerts");

  public TrustLocations {
    bundles = List.copyOf(bundles);
    hashedDirectories = List.copyOf(hashedDirectories);
    javaStores = List.copyOf(javaStores);
  }

  /**
   * The locations that exist under {@code root}; {@code javaHomes} are JDK directories whose
   * {@code lib/security/cacerts} count too (those under usr/lib/jvm are found on their own).
   */
  public static TrustLocations find(Path root, List<Path> javaHomes) {
    List<Path> bundles = existing(root, BUNDLES, true);
    List<Path> directories = existing(root, HASHED_DIRECTORIES, false);
    Set<Path> stores = new LinkedHashSet<>(existing(root, JAVA_STORES, true));
    List<Path> homes = new ArrayList<>(javaHomes);
    Path jvms = root.resolve("usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(jvms)) {
        entries.forEach(homes::add);
      } catch (IOException e) {
        // an unreadable /usr/lib/jvm: the JDKs there keep their own stores
      }
    }
    for (Path home : homes) {
      Path store = home.resolve("lib/security/cacerts");
      if (Files.isRegularFile(store)) {
        stores.add(real(store));
      }
    }
    return new TrustLocations(bundles, directories, List.copyOf(stores));
  }

  private static List<Path> existing(Path root, List<String> relative, boolean files) {
    Set<Path> found = new LinkedHashSet<>();
    for (String path : relative) {
      Path candidate = root.resolve(path);
      if (files ? Files.isRegularFile(candidate) : Files.isDirectory(candidate)) {
        found.add(real(candidate));
      }
    }
    return List.copyOf(found);
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}

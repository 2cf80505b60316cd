package dev.htapod.engine;

import dev.htapod.api.HtapodException;
import dev.htapod.namespace.SandboxSpec.BindMount;
import dev.htapod.namespace.SandboxSpec.Mount;
import dev.htapod.namespace.SandboxSpec.OverlayMount;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.SubjectHash;
import dev.htapod.tls.TrustBundle;
import dev.htapod.tls.TrustLocations;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the command trust the run's CA, inside its mount namespace only: every system bundle that
 * exists gets our CA appended, OpenSSL's hashed directory gets our CA under its subject hash, every
 * Java trust store gets it too, and the usual variables point at a bundle of the host's CAs plus
 * ours. Directories are overlaid (their own files stay visible), lone files bind-mounted. The
 * files live in a private directory, mode 0600, removed when the run ends; the host's files are
 * never written.
 */
final class TrustInjection {
  private static final System.Logger LOG = System.getLogger("htapod");

  /** The variables that programs read a CA bundle from (SPEC, "Trust injection"). */
  static final List<String> VARIABLES = List.of("SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
      "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO", "AWS_CA_BUNDLE", "DENO_CERT");

  private final PrivateDirectory dir;
  private final TrustBundle bundle;
  private final CertificateAuthority ca;
  private final List<Mount> mounts = new ArrayList<>();
  private final List<String> environment = new ArrayList<>();
  /** Overlays on directories: the files of their upper directories show through. */
  private final List<OverlayMount> overlays = new ArrayList<>();
  private int files;

  TrustInjection(PrivateDirectory dir, CertificateAuthority ca, TrustLocations locations, Map<String, String> env) {
    this.dir = dir;
    this.ca = ca;
    this.bundle = new TrustBundle(ca);
    try {
      for (Path hashed : locations.hashedDirectories()) {
        overlay(hashed);
      }
      String hostBundle = locations.bundles().isEmpty() ? "" : Files.readString(locations.bundles().get(0));
      for (Path file : locations.bundles()) {
        place(file, bundle.pemBundle(Files.readString(file)));
      }
      for (Path store : locations.javaStores()) {
        place(store, bundle.javaTrustStore(load(store)));
      }
      Path combined = write("ca-bundle.pem", bundle.pemBundle(hostBundle));
      for (String variable : VARIABLES) {
        environment.add(variable + "=" + forVariable(variable, env.get(variable), combined));
      }
    } catch (IOException e) {
      throw new HtapodException("cannot prepare the command's trust stores in " + dir.path() + ": " + e.getMessage());
    }
  }

  /** The overlays, then the bind mounts of files outside them. */
  List<Mount> mounts() {
    List<Mount> all = new ArrayList<>(overlays);
    all.addAll(mounts);
    return List.copyOf(all);
  }

  /** NAME=value of each variable the command gets. */
  List<String> environment() {
    return List.copyOf(environment);
  }

  /** An overlay on {@code directory}, with our CA under the name OpenSSL looks it up by. */
  private void overlay(Path directory) throws IOException {
    String upper = "overlay-" + overlays.size();
    overlays.add(new OverlayMount(directory, Files.createDirectory(dir.path().resolve(upper)),
        Files.createDirectory(dir.path().resolve(upper + "-work"))));
    dir.write(upper + "/" + SubjectHash.of(ca.certificate()) + ".0", ca.toPem().getBytes(StandardCharsets.US_ASCII));
  }

  /** Shows {@code content} at {@code target}: through an overlay that covers it, or a bind mount. */
  private void place(Path target, byte[] content) throws IOException {
    for (OverlayMount overlay : overlays) {
      if (target.startsWith(overlay.target())) {
        Path upper = dir.path().relativize(overlay.upper());
        dir.write(upper.resolve(overlay.target().relativize(target)).toString(), content);
        return;
      }
    }
    mounts.add(new BindMount(write("file-" + files++, content), target));
  }

  /** A variable the user set to a readable bundle keeps it, with our CA added. */
  private Path forVariable(String variable, String value, Path combined) throws IOException {
    if (value == null || value.isEmpty() || !Files.isReadable(Path.of(value)) || Files.isDirectory(Path.of(value))) {
      return combined;
    }
    return write(variable.toLowerCase() + ".pem", bundle.pemBundle(Files.readString(Path.of(value))));
  }

  private Path write(String name, byte[] content) throws IOException {
    return dir.write(name, content);
  }

  private static KeyStore load(Path store) {
    try {
      // Any JDK's cacerts opens with "changeit", whatever its type.
      return KeyStore.getInstance(store.toFile(), TrustBundle.JAVA_STORE_PASSWORD.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      LOG.log(Level.DEBUG, "Java trust store {0} unreadable ({1}): replaced by one with our CA only", store, e);
      return null;
    }
  }
}

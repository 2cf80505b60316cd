package dev.htapod.engine;

import dev.htapod.api.HtapodException;
import dev.htapod.namespace.PrivateFiles;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the command trust the run's CA, inside its mount namespace only: every system bundle that
 * exists gets our CA appended, OpenSSL's hashed directory gets our CA under its subject hash, every
 * Java trust store gets it too, and the usual variables name a bundle of the host's CAs plus ours.
 * Directories are overlaid (their own files stay visible), lone files bind-mounted. The files are
 * the run's {@link PrivateFiles}, never on a disk; the host's files are never written.
 *
 * <p>The variables must name a path the command can open, and the private files have none of their
 * own: they name the first system bundle, which the command sees with our CA added. A variable the
 * user set to a bundle keeps its value, and that file is shown with our CA added in the same way.
 */
final class TrustInjection {
  private static final System.Logger LOG = System.getLogger("htapod");

  /** The variables that programs read a CA bundle from (SPEC, "Trust injection"). */
  static final List<String> VARIABLES = List.of("SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
      "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO", "AWS_CA_BUNDLE", "DENO_CERT");

  private final PrivateFiles files;
  private final Path directory;
  private final TrustBundle bundle;
  private final CertificateAuthority ca;
  private final List<Mount> mounts = new ArrayList<>();
  private final List<String> environment = new ArrayList<>();
  /** Overlays on directories: the files of their upper directories show through. */
  private final List<OverlayMount> overlays = new ArrayList<>();
  /** The host paths the command sees otherwise than the host does. */
  private final Set<Path> placed = new HashSet<>();

  /**
   * @param env the environment the command starts from
   * @param directory where it starts, against which a variable's relative file name is read
   */
  TrustInjection(PrivateFiles files, CertificateAuthority ca, TrustLocations locations, Map<String, String> env,
      Path directory) {
    this.directory = directory;
    this.files = files;
    this.ca = ca;
    this.bundle = new TrustBundle(ca);
    try {
      Path ours = null;
      for (Path hashed : locations.hashedDirectories()) {
        Path hashedCa = overlay(hashed);
        ours = ours == null ? hashedCa : ours;
      }
      for (Path file : locations.bundles()) {
        place(file, bundle.pemBundle(Files.readString(file)));
      }
      for (Path store : locations.javaStores()) {
        byte[] host = read(store);
        place(store, host == null ? bundle.javaTrustStore(null)
            : bundle.javaTrustStoreAppended(host).orElseGet(() -> bundle.javaTrustStore(load(store))));
      }
      // The host's CAs plus ours; our CA alone where the host has no bundle.
      Path combined = locations.bundles().isEmpty() ? ours : locations.bundles().get(0);
      for (String variable : VARIABLES) {
        String value = forVariable(env.get(variable), combined);
        if (value != null) {
          environment.add(variable + "=" + value);
        }
      }
    } catch (IOException e) {
      throw new HtapodException("cannot prepare the command's trust stores: " + e.getMessage());
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

  /**
   * An overlay on {@code directory}, with our CA under the name OpenSSL looks it up by.
   *
   * @return where the command sees our CA
   */
  private Path overlay(Path directory) {
    String upper = files.directory("overlay-" + overlays.size());
    overlays.add(new OverlayMount(directory, upper, files.directory(upper + "-work")));
    String name = SubjectHash.of(ca.certificate()) + ".0";
    files.file(upper + "/" + name, ca.toPem().getBytes(StandardCharsets.US_ASCII));
    return directory.resolve(name);
  }

  /** Shows {@code content} at {@code target}: through an overlay that covers it, or a bind mount. */
  private void place(Path target, byte[] content) {
    placed.add(target);
    for (OverlayMount overlay : overlays) {
      if (target.startsWith(overlay.target())) {
        files.file(overlay.upper() + "/" + overlay.target().relativize(target), content);
        return;
      }
    }
    mounts.add(new BindMount(files.file("file-" + mounts.size(), content), target));
  }

  /**
   * The value of a variable: the user's own, when it names a readable file (shown with our CA
   * added), or else {@code combined} (null: the variable is left as it is).
   */
  private String forVariable(String value, Path combined) throws IOException {
    Path file = value == null || value.isEmpty() ? null : directory.resolve(value);
    if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
      return combined == null ? null : combined.toString();
    }
    Path target = file.toRealPath();
    if (!placed.contains(target)) {
      place(target, bundle.pemBundle(Files.readString(target)));
    }
    return value;
  }

  /** The bytes of a Java trust store, or null (logged) when it cannot be read. */
  private static byte[] read(Path store) {
    try {
      return Files.readAllBytes(store);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Java trust store {0} unreadable ({1}): replaced by one with our CA only", store, e);
      return null;
    }
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

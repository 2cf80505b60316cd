package dev.htapod.engine;

import dev.htapod.namespace.PrivateFiles;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.TrustLocations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's CA and what makes the command trust it: the trust files, in private files of their own,
 * and the mounts and variables of {@link TrustInjection}.
 *
 * <p>A fresh CA's trust can be {@linkplain #prepare() made ahead} of the run that takes it, on a
 * thread of its own (see {@link dev.htapod.api.Htapod#prepare()}). In a JVM's first second, making
 * it runs the key generation, Bouncy Castle's certificate builder and the trust stores' code cold
 * (~0.15 s), which then overlaps the parsing of the command line. Each prepared one goes to one
 * run only; a run that asks while it is being made waits for it.
 *
 * @param locations where the host keeps its trusted CAs
 * @param files the trust files, for the run's own private files
 */
record RunTrust(CertificateAuthority ca, TrustLocations locations, PrivateFiles files, TrustInjection injection) {
  /** The trust being made for the next run that asks, or null; taken by exactly one run. */
  private static final AtomicReference<CompletableFuture<RunTrust>> NEXT = new AtomicReference<>();

  /** Makes a fresh CA's trust for the next run that asks, unless one is already waiting. */
  static void prepare() {
    CompletableFuture<RunTrust> made = new CompletableFuture<>();
    if (!NEXT.compareAndSet(null, made)) {
      return;
    }
    try {
      made.complete(of(CertificateAuthority.generate()));
    } catch (RuntimeException | Error e) {
      made.completeExceptionally(e); // the run that takes it reports it, as if it made it
    }
  }

  /** The prepared trust of a fresh CA, which no other run will get, or else one made now. */
  static RunTrust fresh() {
    CompletableFuture<RunTrust> prepared = NEXT.getAndSet(null);
    if (prepared == null) {
      return of(CertificateAuthority.generate());
    }
    try {
      return prepared.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** The trust of {@code ca}, for this process's environment and the host's trust stores. */
  static RunTrust of(CertificateAuthority ca) {
    TrustLocations locations = TrustLocations.find(Path.of("/"), javaHomes());
    PrivateFiles files = new PrivateFiles();
    return new RunTrust(ca, locations, files, new TrustInjection(files, ca, locations, System.getenv()));
  }

  /** The JDKs whose trust stores the command may use: ours, and the one `java` on PATH runs. */
  private static List<Path> javaHomes() {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
      if (java.toFile().canExecute()) {
        try {
          homes.add(java.toRealPath().getParent().getParent());
        } catch (java.io.IOException e) {
          // a dangling link: no JDK there
        }
        break;
      }
    }
    return homes;
  }
}

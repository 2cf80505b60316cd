package dev.htapod.engine;

import dev.htapod.namespace.PrivateFiles;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.TrustLocations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param environment what the command starts from, which the injection's variables add to
 * @param locations where the host keeps its trusted CAs
 * @param files the trust files, for the run's own private files
 */
record RunTrust(CertificateAuthority ca, Map<String, String> environment, TrustLocations locations,
    PrivateFiles files, TrustInjection injection) {
  /** The trust being made for the next run that asks, or null; taken by exactly one run. */
  private static final AtomicReference<CompletableFuture<RunTrust>> NEXT = new AtomicReference<>();

  /**
   * Makes a fresh CA's trust, for this process's environment, for the next run that asks, unless
   * one is already waiting.
   */
  static void prepare() {
    CompletableFuture<RunTrust> made = new CompletableFuture<>();
    if (!NEXT.compareAndSet(null, made)) {
      return;
    }
    try {
      made.complete(of(CertificateAuthority.generate(), System.getenv()));
    } catch (RuntimeException | Error e) {
      made.completeExceptionally(e); // the run that takes it reports it, as if it made it
    }
  }

  /**
   * The prepared trust of a fresh CA, which no other run will get, or else one made now; for a
   * command that starts from {@code environment} (a warm launcher's may differ from ours: the CA
   * is kept, the rest made again).
   */
  static RunTrust fresh(Map<String, String> environment) {
    CompletableFuture<RunTrust> prepared = NEXT.getAndSet(null);
    if (prepared == null) {
      return of(CertificateAuthority.generate(), environment);
    }
    RunTrust trust;
    try {
      trust = prepared.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    return trust.environment().equals(environment) ? trust : of(trust.ca(), environment);
  }

  /** The trust of {@code ca}, for a command that starts from {@code environment}. */
  static RunTrust of(CertificateAuthority ca, Map<String, String> environment) {
    TrustLocations locations = TrustLocations.find(Path.of("/"), javaHomes(environment.get("PATH")));
    PrivateFiles files = new PrivateFiles();
    return new RunTrust(ca, Map.copyOf(environment), locations, files,
        new TrustInjection(files, ca, locations, environment));
  }

  /** The JDKs whose trust stores the command may use: ours, and the one `java` on {@code path} runs. */
  private static List<Path> javaHomes(String path) {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
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

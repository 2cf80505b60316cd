package dev.htapod.engine;

import dev.htapod.namespace.PrivateFiles;
import dev.htapod.namespace.Spawner;
import dev.htapod.tls.CertificateAuthority;
import dev.htapod.tls.TrustLocations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

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
 * @param madeFor what of the command's start the trust was made from; the command gets its
 *     environment from the process that starts it, plus the injection's variables
 * @param locations where the host keeps its trusted CAs
 * @param files the trust files, for the run's own private files
 */
record RunTrust(CertificateAuthority ca, Inputs madeFor, TrustLocations locations,
    PrivateFiles files, TrustInjection injection) {
  /** The trust being made for the next run that asks, or null; taken by exactly one run. */
  private static final AtomicReference<CompletableFuture<RunTrust>> NEXT = new AtomicReference<>();
  /** The variables {@link #of} reads: the others cannot change what it makes. */
  private static final List<String> INPUTS = Stream.concat(Stream.of("PATH"), TrustInjection.VARIABLES.stream())
      .toList();

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
      made.complete(of(CertificateAuthority.generate(), Spawner.LOCAL.environment(), Spawner.LOCAL.directory()));
    } catch (RuntimeException | Error e) {
      made.completeExceptionally(e); // the run that takes it reports it, as if it made it
    }
  }

  /**
   * The prepared trust of a fresh CA, which no other run will get, or else one made now; for a
   * command that starts from {@code environment}. A warm launcher's environment always differs
   * from ours (PWD, OLDPWD, SHLVL...), but the prepared trust is kept unless an entry it was made
   * from differs (or, when one of them names a relative path, the directory {@code directory});
   * then the CA is kept and the rest made again.
   */
  static RunTrust fresh(Map<String, String> environment, Path directory) {
    CompletableFuture<RunTrust> prepared = NEXT.getAndSet(null);
    if (prepared == null) {
      return of(CertificateAuthority.generate(), environment, directory);
    }
    RunTrust trust;
    try {
      trust = prepared.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    return trust.madeFor().equals(Inputs.of(environment, directory)) ? trust : of(trust.ca(), environment, directory);
  }

  /**
   * The trust of {@code ca}, for a command that starts from {@code environment} in {@code
   * directory} (against which relative paths in PATH and the trust variables are read, as the
   * command reads them).
   */
  static RunTrust of(CertificateAuthority ca, Map<String, String> environment, Path directory) {
    TrustLocations locations = TrustLocations.find(Path.of("/"), javaHomes(environment.get("PATH"), directory));
    PrivateFiles files = new PrivateFiles();
    return new RunTrust(ca, Inputs.of(environment, directory), locations, files,
        new TrustInjection(files, ca, locations, environment, directory));
  }

  /**
   * What {@link #of} reads: PATH (which JDKs' trust stores) and {@link TrustInjection#VARIABLES},
   * and the directory that relative paths in them are read against (null when none is relative).
   */
  record Inputs(Map<String, String> variables, Path directory) {
    static Inputs of(Map<String, String> environment, Path directory) {
      Map<String, String> variables = new HashMap<>();
      for (String name : INPUTS) {
        String value = environment.get(name);
        if (value != null) {
          variables.put(name, value);
        }
      }
      boolean relative = variables.values().stream()
          .flatMap(value -> Stream.of(value.split(":", -1))).anyMatch(path -> !path.startsWith("/"));
      return new Inputs(Map.copyOf(variables), relative ? directory : null);
    }
  }

  /**
   * The JDKs whose trust stores the command may use: ours, and the one `java` on {@code path}
   * runs, in {@code directory}.
   */
  private static List<Path> javaHomes(String path, Path directory) {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    for (String dir : path == null ? new String[0] : path.split(":", -1)) {
      Path java = directory.resolve(dir).resolve("java"); // an empty entry is the directory itself
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

package dev.htapod.cli;

import dev.htapod.api.Htapod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options of SPEC "Interception": what TLS is decrypted and how servers are verified. */
final class InterceptionOptions {
  @Option(names = "--no-decrypt", description = "Relay TLS untouched (reported with its SNI).")
  boolean noDecrypt;

  @Option(
      names = "--passthrough",
      paramLabel = "HOST",
      description = "Relay TLS to HOST untouched (repeatable; *.example.com wildcards).")
  List<String> passthrough = new ArrayList<>();

  @Option(
      names = "--insecure",
      description = "Do not verify upstream servers' certificates (default: verify, fail closed).")
  boolean insecure;

  @Option(
      names = "--upstream-ca",
      paramLabel = "FILE",
      description = "Also trust the PEM CA certificates in FILE when verifying upstream servers.")
  List<Path> upstreamCa = new ArrayList<>();

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "Sign leaf certificates with this CA (PEM)...")
  Path caCert;

  @Option(names = "--ca-key", paramLabel = "FILE", description = "...and its private key (PEM), instead of a fresh CA.")
  Path caKey;

  /** Applies these options to {@code tap}; a malformed combination is a usage error. */
  void applyTo(Htapod.Builder tap) {
    tap.decrypt(!noDecrypt).insecure(insecure);
    for (String host : passthrough) {
      if (!host.matches("(\\*\\.)?[A-Za-z0-9_.-]+|\\*")) {
        throw new TypeConversionException("--passthrough '" + host + "' is not a host name or *.domain pattern");
      }
      tap.passthrough(host);
    }
    upstreamCa.forEach(tap::upstreamCa);
    if ((caCert == null) != (caKey == null)) {
      throw new TypeConversionException("--ca-cert and --ca-key go together");
    }
    if (caCert != null) {
      tap.ca(caCert, caKey);
    }
  }
}

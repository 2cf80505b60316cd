package dev.htapod.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When a certificate is valid, to the second (X.509 times carry no finer unit). */
record Validity(Instant notBefore, Instant notAfter) {
  /**
   * Certificates start an hour in the past so that a client whose clock lags a little (a
   * container, a VM just resumed) does not find them not yet valid.
   */
  private static final Duration BACKDATE = Duration.ofHours(1);

  Validity {
    notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
    notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
    if (!notBefore.isBefore(notAfter)) {
      throw new IllegalArgumentException("empty validity " + notBefore + " to " + notAfter);
    }
  }

  /** From an hour before {@code now} until {@code length} after it. */
  static Validity backdated(Instant now, Duration length) {
    return new Validity(now.minus(BACKDATE), now.plus(length));
  }

  static Validity of(X509Certificate certificate) {
    return new Validity(
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
  }

  boolean contains(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }

  /** This period cut to fit inside {@code outer}: a leaf must not outlive its CA. */
  Validity clampedTo(Validity outer) {
    Instant from = notBefore.isBefore(outer.notBefore) ? outer.notBefore : notBefore;
    Instant to = notAfter.isAfter(outer.notAfter) ? outer.notAfter : notAfter;
    return new Validity(from, to);
  }
}

package dev.htapod.http;

/**
 * A body with its content codings undone, as far as that went.
 *
 * @param outcome how far decoding went
 * @param bytes the decoded bytes, at most the caller's limit; for {@link Outcome#NOT_DECODED} the
 *     encoded bytes as they came, at most the limit
 * @param problem why decoding failed or was not tried ({@link Outcome#CORRUPT}, {@link
 *     Outcome#NOT_DECODED}), else null
 */
public record DecodedBody(Outcome outcome, byte[] bytes, String problem) {
  /** How far decoding went. */
  public enum Outcome {
    /** {@code bytes} is the whole decoded body. */
    COMPLETE,
    /** The decoded body is longer than the limit; {@code bytes} is its start. */
    LIMITED,
    /** The encoded input ends early (it was capped, or the transfer broke off); {@code bytes} is
     * what it decodes to. */
    TRUNCATED,
    /** The encoded input is not valid for its coding; {@code bytes} is what decoded before. */
    CORRUPT,
    /** An unknown coding, or one whose native library does not load here. */
    NOT_DECODED
  }

  /** Whether {@code bytes} is the whole decoded body. */
  public boolean whole() {
    return outcome == Outcome.COMPLETE;
  }
}

package dev.htapod.http;

import dev.htapod.api.TapListener;

/**
 * What observing keeps and whom it tells.
 *
 * @param bodies whether bodies are kept (for --body, --grep, HAR), up to {@code maxBody} each
 * @param maxBody the cap on each body's kept bytes
 * @param listener told of each request and exchange
 * @param time when the bytes being observed were seen
 * @param wholeBodies whether each body is also kept whole, as it crossed the wire (for --record)
 * @param sequence numbers exchanges in the order their requests begin
 */
public record Recording(
    boolean bodies, int maxBody, TapListener listener, ObservedTime time, boolean wholeBodies,
    ExchangeSequence sequence) {
  /** Encoded bodies usually decode to several times their size: more of them is kept. */
  private static final int ENCODED_FACTOR = 4;
  /** The most a byte array holds. */
  private static final int WHOLE = Integer.MAX_VALUE - 8;

  /** Observing that keeps no whole bodies. */
  public Recording(boolean bodies, int maxBody, TapListener listener, ObservedTime time) {
    this(bodies, maxBody, listener, time, false, new ExchangeSequence());
  }

  /** How many of a body's bytes are kept, given its Content-Encoding (null for none). */
  int cap(String contentEncoding) {
    if (wholeBodies) {
      return WHOLE;
    }
    if (!bodies) {
      return 0;
    }
    boolean encoded = contentEncoding != null && !contentEncoding.isBlank()
        && !contentEncoding.trim().equalsIgnoreCase("identity");
    return encoded ? (int) Math.min(WHOLE, (long) maxBody * ENCODED_FACTOR) : maxBody;
  }
}

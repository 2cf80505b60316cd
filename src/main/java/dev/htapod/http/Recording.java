package dev.htapod.http;

import dev.htapod.api.TapListener;

/**
 * What observing keeps and whom it tells.
 *
 * @param bodies whether bodies are kept (for --body, --grep, HAR), up to {@code maxBody} each
 * @param maxBody the cap on each body's kept bytes
 * @param listener told of each request and exchange
 * @param time when the bytes being observed were seen
 */
public record Recording(boolean bodies, int maxBody, TapListener listener, ObservedTime time) {
  /** Encoded bodies usually decode to several times their size: more of them is kept. */
  private static final int ENCODED_FACTOR = 4;

  /** How many of a body's bytes are kept, given its Content-Encoding (null for none). */
  int cap(String contentEncoding) {
    if (!bodies) {
      return 0;
    }
    boolean encoded = contentEncoding != null && !contentEncoding.isBlank()
        && !contentEncoding.trim().equalsIgnoreCase("identity");
    return encoded ? (int) Math.min(Integer.MAX_VALUE - 8, (long) maxBody * ENCODED_FACTOR) : maxBody;
  }
}

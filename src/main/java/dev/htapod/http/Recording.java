package dev.htapod.http;

import dev.htapod.api.TapListener;

/**
 * What observing keeps and whom it tells.
 *
 * @param bodies whether bodies are kept (for --body, --grep, HAR), up to {@code maxBody} each
 * @param maxBody the cap on each body's kept bytes
 * @param listener told of each request and exchange
 */
public record Recording(boolean bodies, int maxBody, TapListener listener) {
  int cap() {
    return bodies ? maxBody : 0;
  }
}

package dev.htapod.http;

import java.time.Instant;
import java.time.InstantSource;

/**
 * When the bytes an observer is handling were seen by the relay: now, or a little earlier when
 * observation runs behind the relay on a thread of its own.
 */
public interface ObservedTime extends InstantSource {
  /** The present, for observers called as the bytes pass. */
  ObservedTime NOW = new ObservedTime() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }
  };

  /** On {@link System#nanoTime()}'s scale, for durations. */
  long nanoTime();

  /** The same moment on the wall clock. */
  @Override
  Instant instant();
}

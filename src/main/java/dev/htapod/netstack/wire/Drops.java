package dev.htapod.netstack.wire;

import java.util.StringJoiner;

/** Malformed or unwanted packets are dropped and counted here, never thrown. */
public final class Drops {
  /** Why a packet was dropped. */
  public enum Reason {
    TRUNCATED,
    BAD_VERSION,
    BAD_CHECKSUM,
    FRAGMENT,
    UNSUPPORTED,
    NO_CONNECTION
  }

  private final long[] counts = new long[Reason.values().length];

  /** Counts one drop; returns null so that parsers can {@code return drops.drop(reason)}. */
  public <T> T drop(Reason reason) {
    counts[reason.ordinal()]++;
    return null;
  }

  public long count(Reason reason) {
    return counts[reason.ordinal()];
  }

  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(", ");
    for (Reason reason : Reason.values()) {
      if (counts[reason.ordinal()] > 0) {
        text.add(reason.name().toLowerCase().replace('_', ' ') + " " + counts[reason.ordinal()]);
      }
    }
    return text.length() == 0 ? "none" : text.toString();
  }
}

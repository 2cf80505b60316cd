package dev.htapod.netstack.wire;

/**
 * TCP sequence numbers: 32-bit values compared modulo 2^32 (RFC 793 3.3, RFC 1982), so that
 * comparisons stay right across the wrap. Plain ints, compared by their signed difference.
 */
public final class SeqNum {
  private SeqNum() {}

  public static boolean lt(int a, int b) {
    return a - b < 0;
  }

  public static boolean le(int a, int b) {
    return a - b <= 0;
  }

  public static boolean gt(int a, int b) {
    return a - b > 0;
  }

  public static boolean ge(int a, int b) {
    return a - b >= 0;
  }

  /** The distance from {@code from} to {@code to}, for numbers less than 2^31 apart. */
  public static int diff(int to, int from) {
    return to - from;
  }

  /** Orders sequence numbers that are less than 2^31 apart. */
  public static int compare(int a, int b) {
    return Integer.signum(a - b);
  }

  /** True when {@code a} lies in [start, end). */
  public static boolean within(int a, int start, int end) {
    return a - start >= 0 && a - end < 0;
  }
}

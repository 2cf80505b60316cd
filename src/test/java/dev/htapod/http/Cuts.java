package dev.htapod.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/** Where each byte stream of a {@link Conversation} is cut into the pieces a tap is shown. */
final class Cuts {
  /** Conversations longer than this are not replayed once for every single cut. */
  private static final int SINGLE_CUTS_LIMIT = 1024;
  private static final int RANDOM_PLAYS = 25;

  private final String name;
  private final BiFunction<Integer, Integer, int[]> pieces;

  private Cuts(String name, BiFunction<Integer, Integer, int[]> pieces) {
    this.name = name;
    this.pieces = pieces;
  }

  /** Each stream in one piece. */
  static Cuts none() {
    return new Cuts("uncut", (stream, length) -> new int[] {length});
  }

  /** One byte a call. */
  static Cuts bytewise() {
    return new Cuts("byte by byte", (stream, length) -> {
      int[] ones = new int[length];
      Arrays.fill(ones, 1);
      return ones;
    });
  }

  /** Stream {@code cutStream} cut once, {@code offset} bytes in; the others whole. */
  static Cuts at(int cutStream, int offset) {
    return new Cuts("stream " + cutStream + " cut at " + offset,
        (stream, length) -> stream == cutStream ? new int[] {offset, length - offset} : new int[] {length});
  }

  /** Each stream cut at up to eight places drawn with {@code seed}. */
  static Cuts random(long seed) {
    return new Cuts("random cuts, seed " + seed, (stream, length) -> {
      Random random = new Random(seed * 1_000_003 + stream);
      int[] cuts = random.ints(random.nextInt(9), 1, Math.max(2, length)).sorted().distinct().toArray();
      return lengths(cuts, length);
    });
  }

  /**
   * Uncut, byte by byte, random cuts, and (for short conversations) each stream cut once at every
   * byte boundary.
   */
  static List<Cuts> every(Conversation conversation) {
    List<Cuts> all = new ArrayList<>(List.of(none(), bytewise()));
    int[] lengths = conversation.streamLengths();
    if (Arrays.stream(lengths).sum() <= SINGLE_CUTS_LIMIT) {
      for (int stream = 0; stream < lengths.length; stream++) {
        for (int offset = 1; offset < lengths[stream]; offset++) {
          all.add(at(stream, offset));
        }
      }
    }
    for (long seed = 1; seed <= RANDOM_PLAYS; seed++) {
      all.add(random(seed));
    }
    return all;
  }

  /** Piece lengths for stream {@code stream} of {@code length} bytes; none is empty. */
  int[] pieces(int stream, int length) {
    return Arrays.stream(pieces.apply(stream, length)).filter(piece -> piece > 0).toArray();
  }

  private static int[] lengths(int[] cuts, int length) {
    int[] lengths = new int[cuts.length + 1];
    int from = 0;
    for (int i = 0; i < cuts.length; i++) {
      lengths[i] = Math.min(cuts[i], length) - from;
      from = Math.min(cuts[i], length);
    }
    lengths[cuts.length] = length - from;
    return lengths;
  }

  @Override
  public String toString() {
    return name;
  }
}

package dev.htapod.http;

import dev.htapod.http.DecodedBody.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Undoes a {@code Content-Encoding} over a body that may have been capped before it got here.
 *
 * <p>The decoders are chained as streams and only {@code limit + 1} bytes are pulled from the
 * last one, so no stage ever produces much more than the caller will keep: a few kilobytes of
 * gzip that inflate to gigabytes cost a few kilobytes.
 */
public final class ContentDecoding {
  private ContentDecoding() {}

  /**
   * Decodes {@code encoded} as {@code contentEncoding} says.
   *
   * @param contentEncoding the header's value, e.g. "gzip" or "gzip, br" (codings in the order
   *     applied, so undone from the last); null or blank for none
   * @param encoded the body as it came, possibly only its start
   * @param limit at most this many decoded bytes are returned
   */
  public static DecodedBody decode(String contentEncoding, byte[] encoded, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " is negative");
    }
    List<String> tokens = tokens(contentEncoding);
    List<ContentCoding> codings = new ArrayList<>();
    for (String token : tokens) {
      ContentCoding coding = ContentCoding.named(token);
      if (coding == null) {
        return notDecoded(encoded, limit, "unknown content coding '" + token + "'");
      }
      String unavailable = coding.unavailable();
      if (unavailable != null) {
        return notDecoded(encoded, limit, unavailable);
      }
      codings.add(coding);
    }
    if (encoded.length == 0) {
      // Nothing was sent (a HEAD or 304 response keeps its Content-Encoding): nothing to undo.
      return new DecodedBody(Outcome.COMPLETE, encoded, null);
    }
    return decode(codings, encoded, limit, String.join(", ", tokens));
  }

  private static DecodedBody decode(
      List<ContentCoding> codings, byte[] encoded, int limit, String named) {
    EncodedSource source = new EncodedSource(encoded);
    InputStream in = source;
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, ContentCoding.BUFFER_SIZE));
    try {
      for (int i = codings.size() - 1; i >= 0; i--) {
        in = codings.get(i).undo(in);
      }
      return new DecodedBody(copy(in, out, limit), out.toByteArray(), null);
    } catch (IOException | RuntimeException e) {
      if (source.exhausted()) {
        return new DecodedBody(Outcome.TRUNCATED, out.toByteArray(), null);
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new DecodedBody(Outcome.CORRUPT, out.toByteArray(), "corrupt " + named + " body: " + why);
    } finally {
      closeQuietly(in);
    }
  }

  /** Copies at most {@code limit} bytes, then looks for one more to tell a whole body from a cut one. */
  private static Outcome copy(InputStream in, ByteArrayOutputStream out, int limit) throws IOException {
    byte[] chunk = new byte[ContentCoding.BUFFER_SIZE];
    while (out.size() < limit) {
      int count = in.read(chunk, 0, Math.min(chunk.length, limit - out.size()));
      if (count < 0) {
        return Outcome.COMPLETE;
      }
      out.write(chunk, 0, count);
    }
    return in.read() < 0 ? Outcome.COMPLETE : Outcome.LIMITED;
  }

  /** RFC 9110 section 5.6.1: a list may hold empty elements, which count for nothing. */
  private static List<String> tokens(String contentEncoding) {
    List<String> tokens = new ArrayList<>();
    if (contentEncoding != null) {
      for (String token : contentEncoding.split(",")) {
        if (!token.isBlank()) {
          tokens.add(token.strip());
        }
      }
    }
    return tokens;
  }

  private static DecodedBody notDecoded(byte[] encoded, int limit, String why) {
    return new DecodedBody(Outcome.NOT_DECODED, Arrays.copyOf(encoded, Math.min(limit, encoded.length)), why);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // Closing only frees decoder state; the outcome is already decided.
    }
  }
}

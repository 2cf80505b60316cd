package dev.htapod.http;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Undoes "br" (RFC 7932) with brotli4j's native decoder. This class is the only one that touches
 * brotli4j, so the native library loads when the first br body arrives, not at start-up.
 */
final class BrotliInput {
  /** Decided once, when this class is first used; brotli4j also remembers its own failure. */
  private static final String UNAVAILABLE = probe();

  private BrotliInput() {}

  static String unavailable() {
    return UNAVAILABLE;
  }

  static InputStream open(InputStream encoded) throws IOException {
    BrotliInputStream in = new BrotliInputStream(encoded);
    // Without eager output the decoder asks for more input before handing out what it has, and
    // a truncated body would then lose its decodable tail.
    in.enableEagerOutput();
    return in;
  }

  private static String probe() {
    try {
      if (Brotli4jLoader.isAvailable()) {
        return null;
      }
      return NativeFailure.describe("br", Brotli4jLoader.getUnavailabilityCause());
    } catch (LinkageError e) {
      return NativeFailure.describe("br", e);
    }
  }
}

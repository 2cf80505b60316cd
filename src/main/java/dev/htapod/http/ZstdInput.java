package dev.htapod.http;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import java.io.IOException;
import java.io.InputStream;

/**
 * Undoes "zstd" (RFC 8878) with zstd-jni. This class is the only one that touches zstd-jni, so the
 * native library loads when the first zstd body arrives, not at start-up.
 */
final class ZstdInput {
  /** Decided once: after a failed load, zstd-jni's classes fail again without saying why. */
  private static final String UNAVAILABLE = probe();

  private ZstdInput() {}

  static String unavailable() {
    return UNAVAILABLE;
  }

  /**
   * Not "continuous": a frame cut short then fails, which is how a truncated body is told apart
   * from a whole one. The finalizer-free stream frees its native context on {@code close()}.
   */
  static InputStream open(InputStream encoded) throws IOException {
    return new ZstdInputStreamNoFinalizer(encoded);
  }

  private static String probe() {
    try {
      Native.load();
      return null;
    } catch (LinkageError | RuntimeException e) {
      return NativeFailure.describe("zstd", e);
    }
  }
}

package dev.htapod.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The content codings htapod can undo (RFC 9110 section 8.4.1), each as a decoding stream. */
enum ContentCoding {
  IDENTITY {
    @Override
    InputStream undo(InputStream encoded) {
      return encoded;
    }
  },
  GZIP {
    @Override
    InputStream undo(InputStream encoded) throws IOException {
      return new GZIPInputStream(encoded, BUFFER_SIZE);
    }
  },
  DEFLATE {
    @Override
    InputStream undo(InputStream encoded) throws IOException {
      return DeflateInput.open(encoded);
    }
  },
  BR {
    @Override
    String unavailable() {
      return BrotliInput.unavailable();
    }

    @Override
    InputStream undo(InputStream encoded) throws IOException {
      return BrotliInput.open(encoded);
    }
  },
  ZSTD {
    @Override
    String unavailable() {
      return ZstdInput.unavailable();
    }

    @Override
    InputStream undo(InputStream encoded) throws IOException {
      return ZstdInput.open(encoded);
    }
  };

  static final int BUFFER_SIZE = 8192;

  /** The coding a {@code Content-Encoding} token names, or null for one htapod does not know. */
  static ContentCoding named(String token) {
    switch (token.toLowerCase(Locale.ROOT)) {
      case "identity":
        return IDENTITY;
      case "gzip":
      case "x-gzip": // RFC 9110 section 8.4.1.3: recipients treat it as gzip
        return GZIP;
      case "deflate":
        return DEFLATE;
      case "br":
        return BR;
      case "zstd":
        return ZSTD;
      default:
        return null;
    }
  }

  /** A stream of {@code encoded} with this coding undone; closing it closes {@code encoded}. */
  abstract InputStream undo(InputStream encoded) throws IOException;

  /** Why this coding cannot be undone on this machine, or null when it can. */
  String unavailable() {
    return null;
  }

  /** The token as it appears in {@code Content-Encoding}. */
  String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}

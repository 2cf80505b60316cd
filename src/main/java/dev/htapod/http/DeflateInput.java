package dev.htapod.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes "deflate". RFC 9110 section 8.4.1.2 means the zlib format (RFC 1950), but servers have
 * long sent raw deflate (RFC 1951) under the same name, so the first two bytes decide which.
 */
final class DeflateInput extends InflaterInputStream {
  private DeflateInput(InputStream in, Inflater inflater) {
    super(in, inflater, ContentCoding.BUFFER_SIZE);
  }

  static InputStream open(InputStream encoded) throws IOException {
    PushbackInputStream in = new PushbackInputStream(encoded, 2);
    byte[] start = in.readNBytes(2);
    in.unread(start);
    return new DeflateInput(in, new Inflater(!isZlibHeader(start)));
  }

  /**
   * RFC 1950 section 2.2: method 8 (deflate), a window of at most 32 KiB, and the two bytes
   * read as a big-endian number are a multiple of 31. A raw deflate stream rarely passes all three.
   */
  static boolean isZlibHeader(byte[] start) {
    if (start.length < 2) {
      return false;
    }
    int cmf = start[0] & 0xff;
    int flg = start[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }

  /** An inflater passed in is not ended by {@link InflaterInputStream#close()}; this one is. */
  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      inf.end();
    }
  }
}

package dev.htapod.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** "LENGTH SHA256" of everything a stream gives until its end: how test servers answer uploads. */
final class StreamDigest {
  private StreamDigest() {}

  static String of(InputStream in) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      sha.update(buffer, 0, n);
      total += n;
    }
    return total + " " + HexFormat.of().formatHex(sha.digest());
  }
}

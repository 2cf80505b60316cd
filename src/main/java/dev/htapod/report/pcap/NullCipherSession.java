package dev.htapod.report.pcap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of one made-up TLS 1.2 session with the suite TLS_RSA_WITH_NULL_SHA256 (RFC 5246
 * A.5): random client and server randoms and master secret, the MAC keys derived from them, and
 * the key log line that lets Wireshark derive the same keys. Nothing here protects anything: the
 * NULL cipher leaves the data in the clear and the keys are published in the file.
 */
final class NullCipherSession {
  static final int CIPHER_SUITE = 0x003B;
  private static final String HMAC = "HmacSHA256";
  private static final int MAC_KEY = 32;

  private final byte[] clientRandom = randomBytes(32);
  private final byte[] serverRandom = randomBytes(32);
  private final byte[] masterSecret = randomBytes(48);

  byte[] clientRandom() {
    return clientRandom.clone();
  }

  byte[] serverRandom() {
    return serverRandom.clone();
  }

  /** The NSS key log line naming the master secret by the client random. */
  String keyLog() {
    HexFormat hex = HexFormat.of();
    return "CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret) + "\n";
  }

  /** The record writer for what {@code from} sends, keyed with its MAC write key. */
  TlsRecordSealer sealer(Peer from) {
    byte[] keyBlock = keyExpansion(2 * MAC_KEY);
    int offset = from == Peer.CLIENT ? 0 : MAC_KEY;
    return new TlsRecordSealer(hmac(keyBlock, offset, MAC_KEY));
  }

  /**
   * The key block (RFC 5246 6.3): PRF(master secret, "key expansion", server random + client
   * random), where the PRF is P_SHA256 (RFC 5246 5). With a NULL cipher it holds only the two
   * MAC keys.
   */
  private byte[] keyExpansion(int length) {
    Mac mac = hmac(masterSecret, 0, masterSecret.length);
    byte[] label = "key expansion".getBytes(StandardCharsets.US_ASCII);
    byte[] seed = new byte[label.length + 64];
    System.arraycopy(label, 0, seed, 0, label.length);
    System.arraycopy(serverRandom, 0, seed, label.length, 32);
    System.arraycopy(clientRandom, 0, seed, label.length + 32, 32);
    byte[] out = new byte[length];
    byte[] a = seed;
    for (int done = 0; done < length; ) {
      a = mac.doFinal(a);
      mac.update(a);
      byte[] chunk = mac.doFinal(seed);
      int n = Math.min(chunk.length, length - done);
      System.arraycopy(chunk, 0, out, done, n);
      done += n;
    }
    return out;
  }

  private static Mac hmac(byte[] key, int offset, int length) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, offset, length, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has " + HMAC, e);
    }
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}

package dev.htapod.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A trusted certificate added to a JKS store as bytes, without parsing the certificates it holds:
 * rebuilding the host's cacerts through {@link java.security.KeyStore} parsed ~140 certificates
 * and encoded them again, ~50 ms of cold code on a run's start-up. The format is the JDK's
 * (sun.security.provider.JavaKeyStore): magic, version, entry count, the entries, and a SHA-1 of
 * the password, the words "Mighty Aphrodite" and everything before it.
 */
final class JksStore {
  private static final int MAGIC = 0xFEEDFEED;
  private static final int HEADER = 12;
  private static final int DIGEST = 20;
  private static final int TRUSTED_CERTIFICATE = 2;
  private static final byte[] WHITENER = "Mighty Aphrodite".getBytes(StandardCharsets.UTF_8);

  private JksStore() {}

  /**
   * {@code store} with a trusted-certificate entry for {@code certificate} (DER) appended; empty
   * when {@code store} is not a JKS store whose digest checks out with {@code password}. An entry
   * of the same alias before it is shadowed: the JDK keeps the last one it reads.
   */
  static Optional<byte[]> withTrustedCertificate(
      byte[] store, char[] password, String alias, byte[] certificate, long createdMillis) {
    if (store.length < HEADER + DIGEST) {
      return Optional.empty();
    }
    ByteBuffer header = ByteBuffer.wrap(store);
    int version = header.getInt(4);
    int count = header.getInt(8);
    if (header.getInt(0) != MAGIC || (version != 1 && version != 2) || count < 0 || count == Integer.MAX_VALUE) {
      return Optional.empty();
    }
    byte[] digest = digest(password, store, store.length - DIGEST);
    if (!MessageDigest.isEqual(digest, Arrays.copyOfRange(store, store.length - DIGEST, store.length))) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(store.length + certificate.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(version);
      out.writeInt(count + 1);
      out.write(store, HEADER, store.length - HEADER - DIGEST);
      out.writeInt(TRUSTED_CERTIFICATE);
      out.writeUTF(alias);
      out.writeLong(createdMillis);
      if (version == 2) {
        out.writeUTF("X.509");
      }
      out.writeInt(certificate.length);
      out.write(certificate);
      out.flush();
      byte[] body = bytes.toByteArray();
      out.write(digest(password, body, body.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return Optional.of(bytes.toByteArray());
  }

  /** The store's integrity digest over its first {@code length} bytes. */
  private static byte[] digest(char[] password, byte[] data, int length) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (char c : password) {
        sha1.update((byte) (c >> 8));
        sha1.update((byte) c);
      }
      sha1.update(WHITENER);
      sha1.update(data, 0, length);
      return sha1.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}

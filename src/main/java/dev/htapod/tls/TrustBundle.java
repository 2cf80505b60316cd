package dev.htapod.tls;

import dev.htapod.api.HtapodException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.util.Collections;
import java.util.Optional;

/**
 * The trust files the command sees inside its mount namespace: the host's trusted CAs plus
 * htapod's, so that intercepted TLS verifies against our CA and TLS passed through untouched still
 * verifies against the real ones. Builds bytes only; where they are written and mounted is the
 * engine's business. Only the CA's certificate goes in, never its key.
 */
public final class TrustBundle {
  /** The password of the Java trust store, the one every JDK's {@code cacerts} has. */
  public static final String JAVA_STORE_PASSWORD = "changeit";

  /** The alias of htapod's CA in the Java trust store. */
  public static final String CA_ALIAS = "htapod-ca";

  private final CertificateAuthority ca;

  public TrustBundle(CertificateAuthority ca) {
    this.ca = ca;
  }

  /**
   * A PEM bundle: {@code hostBundle} (the text of, say, /etc/ssl/certs/ca-certificates.crt) with
   * our CA appended.
   */
  public byte[] pemBundle(String hostBundle) {
    String separator = hostBundle.isEmpty() || hostBundle.endsWith("\n") ? "" : "\n";
    return (hostBundle + separator + ca.toPem()).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The host's JKS trust store {@code hostStore} (its bytes) with our CA added under {@link
   * #CA_ALIAS}, as bytes; empty when it is not a JKS store that opens with {@link
   * #JAVA_STORE_PASSWORD}, for {@link #javaTrustStore} to rebuild.
   */
  public Optional<byte[]> javaTrustStoreAppended(byte[] hostStore) {
    try {
      return JksStore.withTrustedCertificate(hostStore, JAVA_STORE_PASSWORD.toCharArray(), CA_ALIAS,
          ca.certificate().getEncoded(), System.currentTimeMillis());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }

  /**
   * A Java trust store holding the trusted certificates of {@code hostStoreOrNull} and our CA
   * under {@link #CA_ALIAS}, protected by {@link #JAVA_STORE_PASSWORD}.
   *
   * <p>It is a JKS store, as Debian's /etc/ssl/certs/java/cacerts and JDK 17's own cacerts are. A
   * PKCS12 store written by JDK 17 encrypts its certificates with the password, and the JDK's
   * default trust manager opens cacerts with no password unless javax.net.ssl.trustStorePassword
   * is set, so such a store would look empty and every TLS connection of a Java command would
   * fail. Any JDK reads JKS with or without the password, and JDK 9 and later open it as
   * "PKCS12" as well (keystore.type.compat).
   *
   * @param hostStoreOrNull the host's loaded trust store, or null for our CA alone
   * @throws HtapodException when the host's store cannot be read
   */
  public byte[] javaTrustStore(KeyStore hostStoreOrNull) {
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      if (hostStoreOrNull != null) {
        for (String alias : Collections.list(hostStoreOrNull.aliases())) {
          if (hostStoreOrNull.isCertificateEntry(alias) && !alias.equals(CA_ALIAS)) {
            store.setCertificateEntry(alias, hostStoreOrNull.getCertificate(alias));
          }
        }
      }
      store.setCertificateEntry(CA_ALIAS, ca.certificate());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      store.store(bytes, JAVA_STORE_PASSWORD.toCharArray());
      return bytes.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new HtapodException("cannot build a Java trust store from the host's ("
          + e.getMessage() + "): check that the host's cacerts opens with keytool -list", e);
    }
  }
}

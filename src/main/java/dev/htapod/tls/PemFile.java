package dev.htapod.tls;

import dev.htapod.api.HtapodException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A PEM file the user named for the CA ({@code --ca-cert} or {@code --ca-key}), read whole and
 * parsed by bcpkix's PEMParser. Anything that makes it unusable becomes a one-line {@link
 * HtapodException} naming the file, the problem and what to pass instead.
 */
final class PemFile {
  /** CA files are a few kilobytes; the cap keeps a mistaken /dev/zero from filling the heap. */
  private static final int MAX_BYTES = 1 << 20;

  private final Path path;
  private final String role;
  private final List<Object> objects;

  /**
   * @param role what the file is for, with its option: {@code "CA certificate (--ca-cert)"}
   */
  PemFile(Path path, String role) {
    this.path = path;
    this.role = role;
    this.objects = parse(read());
  }

  /** The first certificate in the file. */
  X509Certificate certificate() {
    for (Object object : objects) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
          throw reject("the JDK cannot read its certificate (" + e.getMessage() + ")", e);
        }
      }
    }
    throw reject("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
  }

  /** The first private key: PKCS#8 "PRIVATE KEY", "EC PRIVATE KEY" or "RSA PRIVATE KEY". */
  PrivateKey privateKey() {
    for (Object object : objects) {
      PrivateKeyInfo info = object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
          : object instanceof PrivateKeyInfo plain ? plain : null;
      if (info != null) {
        try {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
          throw reject("the JDK cannot read its private key (" + e.getMessage() + ")", e);
        }
      }
      if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
        throw reject("its private key is encrypted; decrypt it first"
            + " (openssl pkey -in KEY -out PLAIN-KEY)", null);
      }
    }
    throw reject("it holds no PEM private key (-----BEGIN PRIVATE KEY-----)", null);
  }

  /** A failure about this file; {@code problem} says what is wrong and, if it can, the remedy. */
  HtapodException reject(String problem, Throwable cause) {
    String message = "cannot use " + path + " as the " + role + ": " + problem;
    return new HtapodException(message.replaceAll("[\r\n]+", " "), cause);
  }

  private String read() {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw reject("it is larger than 1 MiB, too large for a PEM certificate or key", null);
      }
      // PEM is ASCII; Latin-1 decodes any byte, so garbage reaches the parser and fails there.
      return new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw reject("the file does not exist", e);
    } catch (AccessDeniedException e) {
      throw reject("permission denied", e);
    } catch (FileSystemException e) {
      throw reject(e.getReason() == null ? e.toString() : e.getReason(), e);
    } catch (IOException e) {
      throw reject(String.valueOf(e.getMessage()), e);
    }
  }

  private List<Object> parse(String text) {
    List<Object> parsed = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        parsed.add(object);
      }
      return parsed;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // Bouncy Castle reports bad base64 and bad DER as unchecked exceptions, not only IOException.
      throw reject("it is not valid PEM (" + e.getMessage() + ")", e);
    }
  }
}

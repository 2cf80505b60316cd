package dev.htapod.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.ASN1VisibleString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The name OpenSSL looks a CA up by in a hashed directory ({@code c_rehash}, {@code openssl x509
 * -subject_hash}): the first four bytes, little-endian, of the SHA-1 of the subject's canonical
 * encoding. That encoding is OpenSSL's own (x509_name_canon): each RDN's SET re-encoded without the
 * outer SEQUENCE, every text value as a UTF8String with ASCII whitespace trimmed and collapsed and
 * ASCII letters in lower case. Worked out here, since asking the openssl program cost every run a
 * process (~40 ms) on its start-up's path.
 */
public final class SubjectHash {
  private static final String WHITESPACE = " \t\n\u000b\f\r";

  private SubjectHash() {}

  /** The hash as OpenSSL prints it: eight lower-case hex digits. */
  public static String of(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    try {
      for (RDN rdn : subject.getRDNs()) {
        ASN1EncodableVector entries = new ASN1EncodableVector();
        for (AttributeTypeAndValue entry : rdn.getTypesAndValues()) {
          entries.add(new DERSequence(new ASN1Encodable[] {entry.getType(), canonical(entry.getValue())}));
        }
        canonical.write(new DERSet(entries).getEncoded(ASN1Encoding.DER));
      }
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(canonical.toByteArray());
      long hash = (sha1[0] & 0xff) | (sha1[1] & 0xff) << 8 | (sha1[2] & 0xff) << 16 | (sha1[3] & 0xffL) << 24;
      return String.format("%08x", hash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** The value as OpenSSL canonicalizes it: text types as a cleaned-up UTF8String, others as they are. */
  private static ASN1Encodable canonical(ASN1Encodable value) {
    ASN1Primitive primitive = value.toASN1Primitive();
    String text;
    if (primitive instanceof ASN1UniversalString universal) {
      text = new String(universal.getOctets(), Charset.forName("UTF-32BE")); // BC's getString() is hex
    } else if (primitive instanceof ASN1UTF8String || primitive instanceof ASN1BMPString
        || primitive instanceof ASN1PrintableString || primitive instanceof ASN1T61String
        || primitive instanceof ASN1IA5String || primitive instanceof ASN1VisibleString) {
      text = ((ASN1String) primitive).getString();
    } else {
      return value;
    }
    return new DERUTF8String(clean(text));
  }

  /** Trims and collapses ASCII whitespace and lowers ASCII letters; other characters stay. */
  private static String clean(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder clean = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        if (!isSpace(text.charAt(i - 1))) {
          clean.append(' ');
        }
      } else {
        clean.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
      }
    }
    return clean.toString();
  }

  private static boolean isSpace(char c) {
    return WHITESPACE.indexOf(c) >= 0;
  }
}

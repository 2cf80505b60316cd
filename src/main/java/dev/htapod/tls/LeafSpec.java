package dev.htapod.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What goes into a leaf certificate, decided apart from how it is signed: the subject's common
 * name and the subject alternative names clients actually check (RFC 6125). Equal specs get the
 * same leaf, so {@link LeafMinter} caches by spec.
 *
 * @param commonName the subject CN; informational, since clients match the alternative names
 * @param dnsNames DNS names, lower case, in order, without repeats
 * @param ipAddresses IP addresses, in order, without repeats
 */
public record LeafSpec(String commonName, List<String> dnsNames, List<InetAddress> ipAddresses) {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  /**
   * @throws IllegalArgumentException when there is no name at all
   */
  public LeafSpec {
    Objects.requireNonNull(commonName, "commonName");
    dnsNames = dnsNames.stream().map(LeafSpec::normalize).distinct().toList();
    ipAddresses = ipAddresses.stream().distinct().toList();
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a leaf needs a DNS name or an IP address");
    }
  }

  /** A leaf for the name a client sent in its ClientHello's server_name. */
  public static LeafSpec forHostName(String sni) {
    String name = normalize(sni);
    return new LeafSpec(name, List.of(name), List.of());
  }

  /** A leaf for a client that sent no server_name and so checks the address it dialled. */
  public static LeafSpec forAddress(InetAddress ip) {
    return new LeafSpec(ip.getHostAddress(), List.of(), List.of(ip));
  }

  /**
   * A leaf that carries the real server's names, so the client sees what it would have seen, plus
   * the name it asked for: the SNI, or the IP address it dialled when it sent none.
   *
   * @param sniOrNull the client's server_name, or null
   * @param ipOrNull the address the client dialled; needed when {@code sniOrNull} is null
   * @param upstream the certificate the real server presented
   */
  public static LeafSpec mirroring(
      String sniOrNull, InetAddress ipOrNull, X509Certificate upstream) {
    if (sniOrNull == null && ipOrNull == null) {
      throw new IllegalArgumentException("a mirrored leaf needs the SNI or the dialled address");
    }
    Set<String> dnsNames = new LinkedHashSet<>();
    Set<InetAddress> ipAddresses = new LinkedHashSet<>();
    if (sniOrNull != null) {
      dnsNames.add(normalize(sniOrNull));
    } else {
      ipAddresses.add(ipOrNull);
    }
    for (List<?> san : alternativeNames(upstream)) {
      Object type = san.get(0);
      String value = (String) san.get(1);
      if (type.equals(SAN_DNS)) {
        dnsNames.add(value);
      } else if (type.equals(SAN_IP)) {
        ipAddresses.add(parseAddress(value));
      }
    }
    String fallback = sniOrNull != null ? normalize(sniOrNull) : ipOrNull.getHostAddress();
    String commonName = commonName(upstream);
    return new LeafSpec(commonName != null ? commonName : fallback,
        new ArrayList<>(dnsNames), new ArrayList<>(ipAddresses));
  }

  // Host names compare without case (RFC 4343); SNI carries no trailing dot (RFC 6066 section 3).
  private static String normalize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      // The handshake accepted this certificate already; if its names still do not parse, the
      // client's own name alone is what it will check.
      return List.of();
    }
  }

  // The JDK gives IP alternative names as literals, so this never asks DNS.
  private static InetAddress parseAddress(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an IP literal: " + literal, e);
    }
  }

  private static String commonName(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] names = subject.getRDNs(BCStyle.CN);
    return names.length == 0 ? null : IETFUtils.valueToString(names[0].getFirst().getValue());
  }
}

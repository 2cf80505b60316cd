package dev.htapod.tls;

import dev.htapod.api.HtapodException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Mints the leaf certificates htapod presents to the command, signed by one CA and cached for the
 * run, so each {@link LeafSpec} is signed once. All leaves share one EC P-256 key pair made when
 * the minter is: a new name then costs a single ECDSA signature, not a key generation.
 *
 * <p>Safe to use from several threads; two asking for the same spec at once get the same leaf.
 */
public final class LeafMinter {
  private static final Duration LEAF_LIFETIME = Duration.ofDays(30);

  private final CertificateAuthority ca;
  private final KeyPair leafKeys;
  private final SubjectKeyIdentifier leafKeyId;
  private final AuthorityKeyIdentifier caKeyId;
  private final Map<LeafSpec, LeafCredentials> minted = new ConcurrentHashMap<>();

  public LeafMinter(CertificateAuthority ca) {
    this.ca = ca;
    this.leafKeys = P256.newKeyPair();
    this.leafKeyId = KeyIdentifiers.subject(leafKeys.getPublic());
    this.caKeyId = ca.keyIdentifier();
  }

  /**
   * The leaf for {@code spec}, minted on first use.
   *
   * @throws HtapodException when the CA is no longer valid, so no leaf it signs could be
   */
  public LeafCredentials credentialsFor(LeafSpec spec) {
    return minted.computeIfAbsent(spec, this::mint);
  }

  private LeafCredentials mint(LeafSpec spec) {
    Instant now = Instant.now();
    Validity caValidity = ca.validity();
    if (!caValidity.contains(now)) {
      throw new HtapodException("the " + ca + " is valid until " + caValidity.notAfter()
          + ", not now: start htapod again for a fresh CA, or pass a CA valid now to --ca-cert");
    }
    X509v3CertificateBuilder builder = CertificateSigner.builder(ca.name(), subject(spec),
        Validity.backdated(now, LEAF_LIFETIME).clampedTo(caValidity), leafKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(spec));
      builder.addExtension(Extension.subjectKeyIdentifier, false, leafKeyId);
      builder.addExtension(Extension.authorityKeyIdentifier, false, caKeyId);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the extensions of a leaf for " + spec, e);
    }
    X509Certificate leaf = ca.sign(builder);
    return new LeafCredentials(
        leafKeys.getPrivate(), new X509Certificate[] {leaf, ca.certificate()});
  }

  private static X500Name subject(LeafSpec spec) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.commonName()).build();
  }

  private static GeneralNames alternativeNames(LeafSpec spec) {
    GeneralName[] names = new GeneralName[spec.dnsNames().size() + spec.ipAddresses().size()];
    int i = 0;
    for (String dnsName : spec.dnsNames()) {
      names[i++] = new GeneralName(GeneralName.dNSName, dnsName);
    }
    for (InetAddress ip : spec.ipAddresses()) {
      names[i++] = new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()));
    }
    return new GeneralNames(names);
  }
}

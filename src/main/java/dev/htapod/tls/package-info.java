/**
 * The certificates of TLS interception: the per-run {@link dev.htapod.tls.CertificateAuthority}
 * (generated, or loaded from {@code --ca-cert}/{@code --ca-key}), what goes into a leaf ({@link
 * dev.htapod.tls.LeafSpec}, decided apart from signing), the {@link dev.htapod.tls.LeafMinter}
 * that signs and caches leaves, and the {@link dev.htapod.tls.TrustBundle} files that make the
 * command trust the CA.
 *
 * <p>Start-up cost shapes the code: keys are made and signatures computed by the JDK's own
 * providers (SunEC, SunRsaSign), and Bouncy Castle's bcpkix only assembles certificates. Its JCA
 * provider is never registered or loaded, which keeps a few hundred milliseconds off every run
 * (see NOTES-jvm-namespaces.md). All leaves share one EC P-256 key pair made once per run, so a
 * new name costs one ECDSA signature.
 *
 * <p>The CA's private key never leaves memory: nothing here writes it, and {@link
 * dev.htapod.tls.CertificateAuthority} does not hand it out of this package.
 */
package dev.htapod.tls;

/**
 * The pcapng file htapod writes with {@code --pcap}: the relayed traffic synthesized as raw IP
 * packets (pcapng blocks, IPv4/IPv6 with TCP and UDP headers and checksums, TCP handshakes,
 * sequence and acknowledgement numbers, FIN and RST) from the byte streams the relay saw.
 *
 * <h2>Why decrypted TLS is written as TLS again</h2>
 *
 * <p>The file must open in Wireshark and tshark with HTTP dissected and no preferences or flags.
 * Tried with tshark 4.0 (Debian 12), writing the decrypted bytes as plain TCP on the real ports:
 *
 * <ul>
 *   <li>HTTP/1.1 works on any port, 443 included: the TLS dissector that owns 443 rejects the
 *       first segment, and the HTTP heuristic claims a connection whose first line ends in
 *       "HTTP/1.1". An HTTP/1.0 first line is not claimed on ports unknown to Wireshark.
 *   <li>HTTP/2 works only on the ports registered for HTTP (80, 8080, ...), where the HTTP
 *       dissector recognizes the "PRI * HTTP/2.0" preface. On 443 the client's segments stay
 *       undissected data and the server's are taken as TLS "continuation data"; on 8443 both stay
 *       data. No TCP heuristic knows the preface.
 *   <li>No pcapng option or block selects a dissector (there is no "decode as" in the format),
 *       and the exported-PDU link type (252) drops TCP altogether.
 * </ul>
 *
 * <p>What works everywhere: a Decryption Secrets Block (pcapng 4.7) with a TLS key log, which
 * Wireshark 3.0 and later apply on their own. So a connection htapod decrypted is written as a
 * TLS 1.2 session over its real addresses and ports: a made-up handshake (randoms, the suite
 * TLS_RSA_WITH_NULL_SHA256, SNI and ALPN as negotiated with the command), then the decrypted
 * bytes in records whose "encryption" is the NULL cipher, so the plaintext stays readable in the
 * file and costs one HMAC-SHA256 per 16 KiB. Wireshark shows "Decrypted TLS" and dissects HTTP/1.x
 * and HTTP/2 (by ALPN, by port 443, or by its heuristics on decrypted data) on 443, 8443 or any
 * other port but those below. The limits: the handshake is not the one the command saw (its
 * certificate, suite and keys are not in the file), and Follow TCP Stream shows record headers and
 * MACs between the plaintext (Follow TLS Stream shows it clean). Connections htapod did not
 * decrypt, and plaintext ones, are written as plain TCP with their bytes as seen.
 *
 * <p>Wireshark gives some ports to a protocol by number ({@code tshark -G decodes}): a connection
 * with either port among them goes to that protocol's dissector before TLS or HTTP is looked for,
 * as in any capture. Decrypted HTTPS on 8080 (plain HTTP's port to Wireshark) or 5432, and any
 * HTTP on 44321 (PCP) or 57000 (IRC), show no HTTP until Decode As says otherwise ({@code tshark
 * -d tcp.port==44321,tls}). The port may be the command's own: its kernel picks one of
 * 32768-60999 for each connection, and Wireshark 4.0 gives 34980, 44321, 44322, 44818, 48049,
 * 48898 and 57000 to a protocol.
 *
 * <p>Nothing here is thread-safe: {@link dev.htapod.report.PcapngWriter} serializes all calls.
 */
package dev.htapod.report.pcap;

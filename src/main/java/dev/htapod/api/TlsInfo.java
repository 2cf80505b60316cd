package dev.htapod.api;

/**
 * What htapod saw of a TLS connection.
 *
 * @param serverName the SNI the command sent, or null
 * @param protocol the ALPN protocol agreed ("h2", "http/1.1"), or null
 * @param version the TLS version ("TLSv1.3"), or null when the connection was not decrypted
 * @param decrypted whether htapod decrypted it (false: relayed untouched)
 */
public record TlsInfo(String serverName, String protocol, String version, boolean decrypted) {}

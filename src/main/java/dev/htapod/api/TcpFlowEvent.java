package dev.htapod.api;

import java.time.Instant;

/**
 * A TCP connection of the command that ended, or an attempt that failed.
 *
 * @param host the name the command looked up for this address, or null when none is known
 * @param ip the address the connection went to from the host (the host's 127.0.0.1 when the
 *     command used the gateway address)
 * @param port the port it went to
 * @param outcome how it ended, or why it never opened (then without bytes)
 * @param tls what was seen of TLS on this connection, or null when it was not TLS
 * @param bytesOut bytes the command sent
 * @param bytesIn bytes the command received
 * @param process the process of the run that opened it, or null when it is not known
 */
public record TcpFlowEvent(
    String host, String ip, int port, TcpOutcome outcome, TlsInfo tls, long bytesOut, long bytesIn, Instant startedAt, long durationMs,
    ProcessInfo process) {}

package dev.htapod.api;

import java.time.Instant;

/**
 * A UDP flow of the command that ended (idle, or at the end of the run).
 *
 * @param host the name the command looked up for this address, or null when none is known
 * @param ip the address the flow went to from the host
 * @param process the process of the run that sent it, or null when it is not known
 */
public record UdpFlowEvent(
    String host, String ip, int port, long datagramsOut, long datagramsIn, long bytesOut,
    long bytesIn, Instant startedAt, long durationMs, ProcessInfo process) {}

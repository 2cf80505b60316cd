package dev.htapod.api;

import java.time.Instant;

/**
 * A ping of the command relayed from the host that ended (idle, or at the end of the run): the
 * echo requests of one ping process (one ICMP identifier) to one address, and the replies. Pings to
 * the gateway are answered by htapod itself and not reported.
 *
 * @param host the name the command looked up for this address, or null when none is known
 * @param ip the address the pings went to from the host
 */
public record IcmpFlowEvent(
    String host, String ip, long echoRequests, long echoReplies, Instant startedAt, long durationMs) {}

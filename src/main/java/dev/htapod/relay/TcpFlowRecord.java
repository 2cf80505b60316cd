package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TcpOutcome;
import dev.htapod.api.TlsInfo;
import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A finished TCP flow, or a failed attempt: as the command saw it, the process behind it (as its
 * lookup will tell), the name it went by (its SNI, HTTP Host or DNS name; or null), where it
 * really went, how it ended, what TLS it carried (or null), bytes each way, and how long it lasted.
 */
public record TcpFlowRecord(
    FlowKey key, CompletableFuture<ProcessInfo> owner, String name, InetSocketAddress target, TcpOutcome outcome,
    TlsInfo tls, long bytesOut, long bytesIn, long durationNanos) {}

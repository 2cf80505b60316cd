package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A finished UDP flow: the process behind it (as its lookup will tell), the name the command
 * looked up for its address before it began (or null), datagrams and bytes each way, and how long
 * it lasted.
 */
public record UdpFlowRecord(
    FlowKey key, CompletableFuture<ProcessInfo> owner, String name, InetSocketAddress target, long datagramsOut,
    long datagramsIn, long bytesOut, long bytesIn, long durationNanos) {}

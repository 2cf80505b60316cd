package dev.htapod.relay;

import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;

/**
 * A finished UDP flow: the name the command looked up for its address before it began (or null),
 * datagrams and bytes each way, and how long it lasted.
 */
public record UdpFlowRecord(
    FlowKey key, String name, InetSocketAddress target, long datagramsOut, long datagramsIn, long bytesOut, long bytesIn,
    long durationNanos) {}

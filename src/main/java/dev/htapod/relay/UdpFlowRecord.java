package dev.htapod.relay;

import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;

/** A finished UDP flow: datagrams and bytes each way, and how long it lasted. */
public record UdpFlowRecord(
    FlowKey key, InetSocketAddress target, long datagramsOut, long datagramsIn, long bytesOut, long bytesIn,
    long durationNanos) {}

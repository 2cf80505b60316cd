package dev.htapod.relay;

import dev.htapod.netstack.FlowKey;
import java.net.InetSocketAddress;

/**
 * A finished TCP flow: as the command saw it, where it really went, bytes each way, and how long
 * it lasted.
 */
public record TcpFlowRecord(FlowKey key, InetSocketAddress target, long bytesOut, long bytesIn, long durationNanos) {}

package dev.htapod.relay;

import dev.htapod.netstack.icmp.EchoKey;
import java.net.InetAddress;

/** A finished ping: as the command saw it, where it really went, requests and replies, how long. */
public record EchoFlowRecord(EchoKey key, InetAddress target, long requests, long replies, long durationNanos) {}

package dev.htapod.relay;

import io.netty.channel.EventLoop;

/**
 * The loops the relays run on: the stack's, where every connection's handling is, and a second
 * one that takes the outward channels of connections whose command sends in bulk.
 */
public record RelayLoops(EventLoop stack, EventLoop bulk) {}

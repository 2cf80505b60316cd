/**
 * htapod's userspace TCP/IP stack: packets from the TUN device in, packets for the command out.
 * {@link dev.htapod.netstack.NetworkStack} parses and dispatches; TCP is terminated in {@code
 * tcp}, UDP flows are tracked in {@code udp}, pings to hosts other than the gateway in {@code
 * icmp}; {@code wire} has the formats. The stack belongs to one event loop and never touches the
 * device itself: packets arrive through {@code receive} and leave through a {@link
 * dev.htapod.netstack.PacketSink}.
 */
package dev.htapod.netstack;

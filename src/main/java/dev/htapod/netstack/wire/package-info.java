/**
 * Wire formats of the packets on the TUN device: IPv4, IPv6, TCP, UDP, ICMP, and the
 * virtio_net_hdr in front of each. Parsing returns validated records (or null for a packet to drop
 * and count); building writes headers into Netty buffers. Offsets are absolute; nothing here keeps
 * state or owns buffers.
 */
package dev.htapod.netstack.wire;

/**
 * The command's pings to hosts other than the gateway: a table of echo flows keyed by the
 * command's address, its echo identifier and the destination, each handed to an {@link
 * dev.htapod.netstack.icmp.EchoForwarder} (on the host, an ICMP socket of its own), replies
 * returned with the command's identifier, and flows forgotten after an idle timeout. The gateway's
 * own echo replies are written by {@link dev.htapod.netstack.NetworkStack} directly.
 */
package dev.htapod.netstack.icmp;

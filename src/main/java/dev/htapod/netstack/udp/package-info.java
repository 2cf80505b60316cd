/**
 * UDP flows of the command: a table keyed by the 5-tuple (the protocol is implied), each flow
 * handed to a {@link dev.htapod.netstack.udp.UdpForwarder} that relays it or answers it (DNS), and
 * forgotten after an idle timeout.
 */
package dev.htapod.netstack.udp;

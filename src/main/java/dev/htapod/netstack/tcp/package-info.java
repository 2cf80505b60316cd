/**
 * TCP, terminated in htapod.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>Each TCP connection the command opens ends here, and a second, ordinary connection to the
 * destination carries its bytes on (the relay). The command's kernel is the only TCP peer, over a
 * lossless local device, so the machine is small: we are always the passive side, and each
 * direction's shutdown is tracked as flags instead of the full RFC 9293 state diagram.
 *
 * <ul>
 *   <li><b>Open</b> ({@link dev.htapod.netstack.tcp.TcpDemux}): a SYN for an unknown flow asks the
 *       {@link dev.htapod.netstack.tcp.TcpForwarder} to dial the destination first. Only when that
 *       connect succeeds do we answer SYN-ACK; a refused dial is a RST, an unreachable one an ICMP
 *       error, so the command sees what a direct connect would have shown. Repeated SYNs while
 *       dialing are ignored; a SYN on an established connection gets a challenge ACK (RFC 5961).
 *   <li><b>Command to destination</b> ({@link dev.htapod.netstack.tcp.TcpReceiver}): in-order
 *       bytes go to the relay at once as slices of the packets read from the TUN device; segments
 *       ahead of a gap wait in a bounded queue. The window we offer is our capacity minus what
 *       the relay has not yet written out, so a slow destination closes the command's window and
 *       memory stays bounded. The right edge of the window never moves left (RFC 9293 3.8.6).
 *   <li><b>Destination to command</b> ({@link dev.htapod.netstack.tcp.TcpSender}): bytes read
 *       from the destination queue here until the command acknowledges them; the queue is also
 *       the retransmission buffer. The relay reads from the destination only while the queue has
 *       room, so a slow reader stops the destination (Netty's autoRead off).
 *   <li><b>Loss</b>: a retransmission timer (RTO, doubling, 200 ms at first) resends from the
 *       oldest unacknowledged byte. Three duplicate ACKs resend only the segment the command
 *       lacks, once per loss, and each partial ACK after it the next hole (RFC 5681, RFC 6582).
 *       A zero window is probed on the same timer, for as long as the command answers the
 *       probes; twelve expiries in a row without an answer (five for the SYN-ACK) give the
 *       connection up, and the destination is reset too.
 *   <li><b>Close</b>: the command's FIN shuts the relay's output once its bytes are written; the
 *       destination's end of input queues our FIN behind the data. The connection is forgotten
 *       when both FINs are acknowledged, or at once on a RST from either side.
 * </ul>
 *
 * <p>ACKs are sent once per batch of packets read from the device rather than per segment, but
 * at once for each segment out of order (the command's duplicate ACKs need them). All of
 * it runs on one event loop: no locks.
 */
package dev.htapod.netstack.tcp;

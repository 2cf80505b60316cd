/**
 * The host's side of each flow: outward connections and datagram sockets on the same Netty event
 * loop as the stack, with backpressure both ways (autoRead off; the stack's windows follow what
 * the outward sockets take), and an ICMP echo socket per relayed ping, waited on in that loop too.
 *
 * <p>Every relay object belongs to the stack's loop. A connection whose command uploads in bulk has
 * its outward socket moved to a second loop ({@link dev.htapod.relay.LoopHandOver}), once, and only
 * while it is relayed plainly: its events come back to the stack's loop, and the stack's loop
 * touches it only through its pipeline (a reset too: the RST is asked for on the channel's own
 * loop). See {@link dev.htapod.engine}'s rules for the other threads.
 */
package dev.htapod.relay;

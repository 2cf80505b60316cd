/**
 * The host's side of each flow: outward connections and datagram sockets on the same Netty event
 * loop as the stack, with backpressure both ways (autoRead off; the stack's windows follow what
 * the outward sockets take), and an ICMP echo socket per relayed ping, waited on in that loop too.
 * A connection whose command uploads in bulk has its outward socket moved to a second loop
 * ({@link dev.htapod.relay.LoopHandOver}); its events still reach it on the stack's loop.
 */
package dev.htapod.relay;

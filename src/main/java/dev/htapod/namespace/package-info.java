/**
 * The sandbox a command runs in: new user, network, mount and PID namespaces made by the native
 * helper ({@code native/}), a TUN device as the only route out, and the few system calls around
 * them; beside it, the host's ICMP echo sockets ({@link dev.htapod.namespace.PingSocket}), the one
 * kind of host socket Netty cannot open; and the run's {@link dev.htapod.namespace.SocketOwners},
 * which name the process behind a socket of the command. The C side returns {@code -errno}; this
 * side names the call and explains the failure.
 *
 * <p>Threads: the socket owners' lookups run on a thread of their own, which alone uses the
 * sock_diag socket and the caches of /proc ({@code SocketOwnerLookup}); callers on any thread only
 * hand requests over and get futures.
 */
package dev.htapod.namespace;

/**
 * The sandbox a command runs in: new user, network, mount and PID namespaces made by the native
 * helper ({@code native/}), a TUN device as the only route out, and the few system calls around
 * them; beside it, the host's ICMP echo sockets ({@link dev.htapod.namespace.PingSocket}), the one
 * kind of host socket Netty cannot open. The C side returns {@code -errno}; this side names the
 * call and explains the failure.
 */
package dev.htapod.namespace;

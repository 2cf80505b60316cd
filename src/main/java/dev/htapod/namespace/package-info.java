/**
 * The sandbox a command runs in: new user, network, mount and PID namespaces made by the native
 * helper ({@code native/}), a TUN device as the only route out, and the few system calls around
 * them. The C side returns {@code -errno}; this side names the call and explains the failure.
 */
package dev.htapod.namespace;

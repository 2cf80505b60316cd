/**
 * Runs a command under a tap: spawns the sandbox, moves the TUN device's packets through the
 * network stack, and waits for the command. Implements {@link dev.htapod.api.TapRunner}.
 *
 * <p>Threads: the stack's event loop owns the TUN device, the TCP/UDP state and the outward
 * sockets; {@link dev.htapod.engine.TunWriter} writes bulk packets to the device beside it; {@link
 * dev.htapod.engine.ReportThread} observes and reports behind it ({@link
 * dev.htapod.engine.Reporting}); two lookup threads resolve names and make the CA at start-up.
 */
package dev.htapod.engine;

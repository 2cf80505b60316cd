/**
 * Runs a command under a tap: spawns the sandbox, moves the TUN device's packets through the
 * network stack, and waits for the command. Implements {@link dev.htapod.api.TapRunner}.
 */
package dev.htapod.engine;

/**
 * Runs a command under a tap: spawns the sandbox, moves the TUN device's packets through the
 * network stack, and waits for the command. Implements {@link dev.htapod.api.TapRunner}.
 *
 * <h2>Which thread owns what</h2>
 *
 * <p>Each piece of mutable state has one owner thread; work crosses between threads only at the
 * hand-offs named here. Assertions at the entry points check it (the end-to-end tests run htapod
 * with {@code -ea:dev.htapod... -ea:io.netty.channel...}).
 *
 * <ul>
 *   <li><b>The stack's loop</b> (a Netty epoll event loop) owns the whole
 *       network stack (connections, flows, timers, drops), the TUN device's reads, every relay
 *       object ({@code RelayedTcp}, its interception, UDP and ping relays), the DNS resolver's
 *       state, and every outward socket it opens, for as long as that socket is registered with
 *       it. It is the only producer of packets for the TUN writer. Others reach it with {@code
 *       loop.execute} and futures completed on it ({@code OnLoop}, {@code TargetResolver}).
 *   <li><b>The bulk loop</b> (a second one) owns nothing of htapod's: only Netty's state of
 *       the outward channels moved to it ({@link dev.htapod.relay.LoopHandOver}), whose events it
 *       passes back to the stack's loop. The stack's loop uses such a channel only through its
 *       pipeline (write, flush, read, close, shutdown), which Netty runs on the channel's loop,
 *       and reads one volatile counter ({@code RelayedTcp.pendingBytes}).
 *   <li><b>The TUN writer</b> ({@link dev.htapod.engine.TunWriter}) owns its queue's consumer side
 *       and the device's writes while packets are queued.
 *   <li><b>The report thread</b> ({@link dev.htapod.engine.ReportThread}) owns every listener, the
 *       HTTP observers, the summary and the report files; the loop posts to it (waiting only when
 *       64 MiB of observed bytes are queued, or for an error or a refusal, whose line must come
 *       before the command sees its effect). An event that names a process is made here, which may wait
 *       (at most {@link dev.htapod.relay.FlowOwners#PATIENCE_MILLIS}) for that process's lookup.
 *   <li><b>Two lookup threads</b> own no shared state: they resolve names and finish the run's
 *       trust (the CA, its minter and the trust files, handed to the caller's thread through a
 *       future), and answer through futures that resume on the stack's loop.
 *   <li><b>The prepare thread</b> ({@link dev.htapod.api.Htapod#prepare()}) makes a fresh CA's
 *       trust before the run asks for it; {@link dev.htapod.engine.RunTrust} hands it, once made,
 *       to the one run that takes it.
 *   <li><b>The process lookup's thread</b> ({@link dev.htapod.namespace.SocketOwners}) owns its
 *       caches of the run's processes. Its futures resume on the stack's loop ({@code *Async} with
 *       the loop) or are waited for on the report thread; it never waits for another thread, so
 *       neither can wait for it in turn. A refusal waits for it on the loop before it is answered.
 *   <li><b>The caller's thread</b> builds the session, spawns the sandbox, waits for the command,
 *       and closes everything after the loops have ended. The relays are built on the stack's
 *       loop meanwhile, and handed over through a future before the stack is made.
 * </ul>
 *
 * <p>Netty's epoll loops are wrapped by {@link dev.htapod.engine.StaleEventFilter}: a socket opened
 * while a loop handles a batch of events gets none of that batch's events, which belong to a
 * socket that had its number before; and their sockets stay in epoll's list when their interest
 * empties ({@link dev.htapod.engine.KeptInterest}). Each loop polls a moment before it sleeps
 * ({@link dev.htapod.engine.SpinBeforeSleep}, its loop's own).
 */
package dev.htapod.engine;

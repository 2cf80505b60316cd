package dev.htapod.namespace;

import dev.htapod.api.ProcessInfo;
import dev.htapod.namespace.SockDiag.Protocol;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The run's socket owners, found in two steps: the kernel of the run's network namespace names
 * the socket (its inode, {@link SockDiag}), then the host's /proc names the process of the run
 * that holds it ({@link SocketHolders}) and describes it ({@link ProcessReader}).
 *
 * <p>Threads: every lookup runs on one daemon thread of its own, {@value #THREAD}, started by the
 * first; once made (by the caller), the netlink socket, the holders' memory and the reader are
 * that thread's alone. Callers on any thread (the stack's event loops, which must never wait for
 * /proc) only hand requests over, and each future completes on that thread: see {@link
 * SocketOwners} for what runs where. A lookup gives up, with null, once its budget has passed
 * since it was asked for.
 */
final class SocketOwnerLookup implements SocketOwners {
  static final String THREAD = "htapod-socket-owners";
  /**
   * The budget of a run's lookups. One costs ~0.1 ms, a search through 20 processes ~1 ms: this is
   * for runs of thousands of processes and machines too busy to run the thread (at a load of 8 on
   * 2 cores a lookup waited 0.6 s for it), where a late name is better than none, but a report
   * should not wait longer for it.
   */
  static final Duration BUDGET = Duration.ofSeconds(2);
  private static final Logger LOG = System.getLogger(SocketOwnerLookup.class.getName());

  private final SockDiag diag;
  private final SocketHolders holders;
  private final ProcessReader reader;
  private final long budgetNanos;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(work -> {
        Thread lookups = new Thread(work, THREAD);
        lookups.setDaemon(true);
        return lookups;
      });

  /**
   * Looks up the sockets {@code diag} knows among the processes below {@code init} (a host pid,
   * alive now), each within {@code budget} of being asked for; takes over {@code diag}.
   */
  SocketOwnerLookup(SockDiag diag, int init, Duration budget) {
    this.diag = diag;
    this.holders = new SocketHolders(init);
    this.reader = new ProcessReader(init);
    this.budgetNanos = budget.toNanos();
    try {
      thread.execute(() -> warmUp(init));
    } catch (RejectedExecutionException cannot) {
      // not started: the first lookup starts it
    }
  }

  /**
   * On the lookup thread, before the command starts: each step of a lookup once, on the init. In
   * a JVM's first second a first lookup, its code cold, took longer than a quick command lives:
   * {@code curl} of a small page was "by unknown" in 7 cold runs of 8 on a loaded machine, and in
   * none of 8 with this.
   */
  private void warmUp(int init) {
    try {
      InetSocketAddress none = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
      diag.inode(Protocol.TCP, none, none);
      holders.find(-1, System.nanoTime() + budgetNanos);
      reader.read(init);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "warming up the socket owners' lookup failed", e);
    }
  }

  @Override
  public CompletableFuture<ProcessInfo> tcp(InetSocketAddress command, InetSocketAddress destination) {
    return lookUp(Protocol.TCP, command, destination);
  }

  @Override
  public CompletableFuture<ProcessInfo> udp(InetSocketAddress command, InetSocketAddress destination) {
    return lookUp(Protocol.UDP, command, destination);
  }

  private CompletableFuture<ProcessInfo> lookUp(Protocol protocol, InetSocketAddress command,
      InetSocketAddress destination) {
    CompletableFuture<ProcessInfo> owner = new CompletableFuture<>();
    long deadline = System.nanoTime() + budgetNanos;
    try {
      thread.execute(() -> owner.complete(find(protocol, command, destination, deadline)));
    } catch (RejectedExecutionException closed) {
      owner.complete(null);
    }
    return owner;
  }

  /** On the lookup thread: the owner, or null. */
  private ProcessInfo find(Protocol protocol, InetSocketAddress command, InetSocketAddress destination,
      long deadline) {
    assert Thread.currentThread().getName().equals(THREAD);
    if (System.nanoTime() - deadline > 0) {
      return null;
    }
    try {
      long inode = diag.inode(protocol, command, destination);
      int pid = inode == 0 ? 0 : holders.find(inode, deadline);
      return pid == 0 ? null : reader.read(pid);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "looking up the owner of a socket failed", e);
      return null;
    }
  }

  /**
   * Lookups asked for before still run (or complete with null past their budget); then the lookup
   * thread closes the netlink socket and ends. Lookups asked for later complete with null at once.
   * Synchronized, as the netlink socket must be closed once only.
   */
  @Override
  public synchronized void close() {
    try {
      thread.execute(diag::close);
    } catch (RejectedExecutionException closedAlready) {
      return;
    }
    thread.shutdown();
  }
}

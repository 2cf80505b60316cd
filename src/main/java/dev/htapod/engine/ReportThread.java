package dev.htapod.engine;

import dev.htapod.http.ObservedTime;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that observes and reports, behind the network loop: HTTP parsing, capture files,
 * report lines and listeners run here, in the order they were posted, so none of it lengthens a
 * round trip. An event (a flow ended, a DNS answer) wakes the thread at once; for a refusal the
 * poster also waits, so that line comes out before the command can react to what caused it.
 * Connection bytes only wake it in bulk (a wake-up is a system call on the loop), otherwise the
 * thread looks for them every millisecond, or every 50 ms once nothing came for 0.1 s. The poster
 * waits while more than {@link #MAX_BYTES} of bytes are waiting, so memory stays bounded when
 * reporting falls behind.
 *
 * <p>The thread gives way to other runnable threads after each task: a millisecond's backlog of
 * parsing is ~0.1 ms of CPU, and run in one stretch it kept the loop, the command or its server
 * waiting on that core (see BENCHMARKS.md: keep-alive requests went 22 % faster).
 */
final class ReportThread implements ObservedTime, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** Bytes waiting beyond which the loop waits for the thread. */
  static final long MAX_BYTES = 64L << 20;
  /** A backlog this large wakes the thread at once. */
  private static final long WAKE_BYTES = 1 << 20;
  private static final int WAKE_TASKS = 256;
  private static final long BUSY_PARK = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(50);
  /** Empty looks after which the thread naps longer. */
  private static final int IDLE_AFTER = 100;

  private record Task(long seen, Runnable work, int bytes) {}

  private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicInteger pendingTasks = new AtomicInteger();
  private final Instant origin = Instant.now();
  private final long originNanos = System.nanoTime();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean closed;
  /** When the task running now was posted; used by the thread, or by close() once it has ended. */
  private long seen = originNanos;

  ReportThread() {
    thread = new Thread(this::run, "htapod-report");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code work} on the thread, after everything posted before, as soon as it can. */
  void post(Runnable work) {
    if (closed) {
      return; // a late event, e.g. a lookup that ended after the command
    }
    queue.add(new Task(System.nanoTime(), work, 0));
    pendingTasks.incrementAndGet();
    LockSupport.unpark(thread);
  }

  /**
   * Runs {@code work} as {@link #post(Runnable)} does and waits for it: for an event the command
   * is about to react to (a refusal, a failed handshake), whose line must come out first.
   */
  void postAndWait(Runnable work) {
    if (Thread.currentThread() == thread) {
      work.run(); // posted from a report: waiting for it would wait for ourselves
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    post(() -> {
      try {
        work.run();
      } finally {
        done.countDown();
      }
    });
    try {
      while (!done.await(BUSY_PARK, TimeUnit.NANOSECONDS) && thread.isAlive()) {
        LockSupport.unpark(thread);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs {@code work}, which holds {@code bytes} of the connections' data, on the thread after
   * everything posted before; waits while too much is waiting.
   */
  void postLazily(Runnable work, int bytes) {
    assert Thread.currentThread() != thread : "the report thread would wait for itself";
    queue.add(new Task(System.nanoTime(), work, bytes));
    int tasks = pendingTasks.incrementAndGet();
    long backlog = pendingBytes.addAndGet(bytes);
    if (tasks >= WAKE_TASKS || backlog >= WAKE_BYTES) {
      LockSupport.unpark(thread);
    }
    while (backlog > MAX_BYTES && thread.isAlive()) {
      LockSupport.unpark(thread);
      LockSupport.parkNanos(BUSY_PARK / 10);
      backlog = pendingBytes.get();
    }
  }

  /** When the running task's work was posted; on the thread. */
  @Override
  public long nanoTime() {
    return seen;
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(seen - originNanos);
  }

  private void run() {
    int empty = 0;
    while (true) {
      Task task = queue.poll();
      if (task == null) {
        if (closing && queue.isEmpty()) {
          return;
        }
        LockSupport.parkNanos(++empty > IDLE_AFTER ? IDLE_PARK : BUSY_PARK);
        continue;
      }
      empty = 0;
      runTask(task);
      Thread.yield(); // returns at once when nothing else waits for this core
    }
  }

  private void runTask(Task task) {
    assert Thread.currentThread() == thread || !thread.isAlive(); // after close(), on the closer
    seen = task.seen;
    try {
      task.work.run();
    } catch (Throwable bug) { // an assertion in a listener, too
      // One report's failure must not end the others, nor leave the bytes posted after it.
      LOG.log(Level.ERROR, "reporting failed: " + bug, bug);
    } finally {
      pendingTasks.decrementAndGet();
      if (task.bytes > 0) {
        pendingBytes.addAndGet(-task.bytes);
      }
    }
  }

  /**
   * Runs what has been posted, then ends the thread. Connection bytes must not be posted after
   * (their poster, the loop, has ended before); events posted after are dropped.
   */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    Threads.join(thread);
    closed = true;
    // Work posted while the thread was ending runs here, so no bytes it holds are left behind.
    for (Task task = queue.poll(); task != null; task = queue.poll()) {
      runTask(task);
    }
  }
}

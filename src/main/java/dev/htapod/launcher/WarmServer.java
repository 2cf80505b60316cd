package dev.htapod.launcher;

import dev.htapod.api.Htapod;
import dev.htapod.cli.Invocation;
import dev.htapod.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The warm htapod process: a JVM whose code has run before, to which native/launch.c hands runs
 * (a cold JVM spends ~0.3 s on code running for the first time, a warm one ~0.03 s per run).
 * One per user and build, started by a launcher that found none; it listens on a socket in a
 * directory of the user's alone, mode 0600, and serves only its own user (SO_PEERCRED).
 *
 * <p>One run at a time, on the run thread, each with its own command line, environment, working
 * directory, output, CA and files, as a cold process would have them: nothing of one run is left
 * for another but the code's warmth and the next run's CA, made fresh ahead. A launcher that
 * comes during a run is told to run cold. The process ends after {@link #IDLE} without a run, or
 * after {@link #RUNS} runs (a fresh heap), and removes its socket and lock file as it goes.
 *
 * <p>Threads: the accepting thread (main) owns the listening socket; the run thread owns the
 * connection of the run being served.
 */
public final class WarmServer {
  static final Duration IDLE = Duration.ofMinutes(15);
  static final int RUNS = 500;
  /**
   * The heap in use beyond which a run's end is followed by a full collection. The initial heap
   * (1/64 of memory: 384 MiB on 24 GiB) is not collected whole until it fills, so the garbage each
   * run promoted piled up from run to run (~8 MiB per 20 000 connections), and each page it reached
   * stayed resident: the warm process held 297 MiB after the benchmarks.
   */
  private static final long COLLECT_ABOVE = 64L << 20;

  private final int listener;
  private final int uid;
  private final AtomicBoolean running = new AtomicBoolean();
  private int served;

  private WarmServer(int listener, int uid) {
    this.listener = listener;
    this.uid = uid;
  }

  /** Serves runs on the socket {@code args[0]}; exits at once when another process serves it. */
  public static void main(String[] args) throws IOException {
    Main.useNettyDefaults();
    Htapod.loadEngine(); // libhtapod binds WarmNative's natives too
    Htapod.prepare();
    byte[] socket = args[0].getBytes(Frame.NATIVE);
    Path lockFile = Path.of(args[0] + ".lock");
    if (WarmNative.lock(lockFile.toString().getBytes(Frame.NATIVE)) < 0) {
      return; // another warm process has it
    }
    Files.writeString(lockFile, ProcessHandle.current().pid() + "\n"); // who to end, for its user
    Runtime.getRuntime().addShutdownHook(new Thread(() -> removeFiles(Path.of(args[0]), lockFile)));
    int listener = WarmNative.listen(socket);
    if (listener < 0) {
      return;
    }
    new WarmServer(listener, (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).serve();
    System.exit(0); // Netty's and the JDK's lingering threads end with it
  }

  /**
   * Leaves nothing in the user's directory, whether the process ends on its own or by a signal.
   * The socket goes first: a launcher that finds it gone runs cold and starts another warm
   * process, which cannot take the lock until this one has ended (native/warm.c gives up a lock
   * on a file already removed).
   */
  private static void removeFiles(Path socket, Path lockFile) {
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      // the directory went first: nothing left to remove
    }
  }

  private void serve() {
    while (served < RUNS || running.get()) {
      int connection = WarmNative.accept(listener, (int) IDLE.toMillis());
      if (connection < 0) {
        if (running.get()) {
          continue;
        }
        return; // idle for long enough, or the socket failed
      }
      if (WarmNative.peerUid(connection) != uid) {
        WarmNative.close(connection);
      } else if (!running.compareAndSet(false, true)) {
        busy(connection);
      } else {
        served++;
        Thread run = new Thread(() -> run(connection), "htapod-warm-run");
        run.start();
      }
    }
  }

  /**
   * Between runs, when no command waits for it: a full collection once the heap in use passed
   * {@link #COLLECT_ABOVE} (a run that comes meanwhile waits its ~10-20 ms), then the C heap's
   * free memory given back. A run's threads leave what they allocated and freed in glibc's
   * arenas: over 50 runs of one decrypted HTTPS curl the process grew by 38 MiB of it, 25 with
   * this. What a run itself reaches (its peak) this does not bound.
   */
  private static void giveBackMemory() {
    Runtime runtime = Runtime.getRuntime();
    if (runtime.totalMemory() - runtime.freeMemory() > COLLECT_ABOVE) {
      System.gc();
    }
    WarmNative.trimNativeHeap();
  }

  /** Tells a launcher to run cold: a run is on. */
  private static void busy(int connection) {
    try {
      Frame.send(connection, WarmNative.BUSY, new byte[0]);
    } catch (IOException e) {
      // it went away: nothing to tell
    }
    WarmNative.close(connection);
  }

  /** Serves one launcher's run, on the run thread. */
  private void run(int connection) {
    try {
      Frame request = Frame.receive(connection).expect(WarmNative.RUN);
      if (request.fds().length != 2) {
        request.closeDescriptors();
        throw new IOException("the launcher passed " + request.fds().length + " descriptors, not 2");
      }
      List<String> args = request.strings();
      Map<String, String> environment = environment(request.strings());
      Path directory = Path.of(request.string());
      byte terminals = request.octet();
      WarmNative.umask(request.number()); // the files the run makes are made as the launcher would
      try (DescriptorOutput out = new DescriptorOutput(request.fds()[0]);
          DescriptorOutput err = new DescriptorOutput(request.fds()[1])) {
        Invocation invocation = new Invocation(environment, directory, out, err, (terminals & 1) != 0,
            (terminals & 2) != 0, new LauncherConnection(connection, environment, directory));
        int status = Main.execute(invocation, args.toArray(String[]::new));
        Frame.send(connection, WarmNative.END, Frame.number(status));
      }
    } catch (IOException | RuntimeException e) {
      System.getLogger("htapod").log(System.Logger.Level.DEBUG, "a warm run failed", e);
    } finally {
      WarmNative.close(connection);
      Htapod.prepare(); // the next run's CA
      running.set(false);
      giveBackMemory();
    }
  }

  /** "NAME=value" entries as a map; an entry without "=" is not a variable, and is left out. */
  private static Map<String, String> environment(List<String> entries) {
    Map<String, String> environment = new HashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        environment.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return environment;
  }
}

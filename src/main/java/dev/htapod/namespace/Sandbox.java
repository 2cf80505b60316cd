package dev.htapod.namespace;

import dev.htapod.api.HtapodException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A command in its own user, network, mount and PID namespaces, waiting to start.
 *
 * <p>{@link #spawn} clones the namespace's init, which hands us a tmpfs of its own for the run's
 * files, shows them in place once written, sets the network up and hands back the TUN device,
 * then waits; {@link #start} lets the command run; {@link #awaitExit} returns its status.
 * When the init exits, the kernel ends every process left in the namespace. Beside the TUN device
 * the init hands back a sock_diag socket of the namespace, to name {@link #owners} of sockets.
 */
public final class Sandbox implements AutoCloseable {
  private static final Charset NATIVE =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
  private static final Logger LOG = System.getLogger(Sandbox.class.getName());

  private final Spawner spawner;
  private final int pid;
  private final int controlFd;
  private final TunDevice tun;
  private final SocketOwners owners;
  private final String program;

  private Sandbox(Spawner spawner, int pid, int controlFd, TunDevice tun, SocketOwners owners, String program) {
    this.spawner = spawner;
    this.pid = pid;
    this.controlFd = controlFd;
    this.tun = tun;
    this.owners = owners;
    this.program = program;
  }

  /**
   * Creates the namespaces from {@code spawner}'s process, shows the command its private files and
   * makes the TUN device; the command does not run until {@link #start}.
   *
   * @throws HtapodException naming the step that failed and what to do
   */
  public static Sandbox spawn(SandboxSpec spec, Spawner spawner) {
    NativeLibrary.ensureLoaded();
    String program = spec.command().get(0);
    NetworkPlan net = spec.network();
    Spawner.Spawned init = spawner.spawn(new SpawnPlan(
        bytes(ExecCandidates.resolve(program, spawner.environment().get("PATH"))),
        bytes(spec.command()),
        bytes(spec.environment()),
        bytes(spec.mounts().stream().flatMap(mount -> mount.fields().stream()).toList()),
        net.interfaceName().getBytes(NATIVE),
        new int[] {net.mtu(), net.txQueueLength(), net.prefix4(), net.prefix6()},
        concat(net.address4().getAddress(), net.gateway4().getAddress()),
        net.address6() == null ? null : concat(net.address6().getAddress(), net.gateway6().getAddress())));
    if (init.pid() < 0) {
      throw SpawnFailures.cloneFailed(-init.pid());
    }
    int pid = init.pid();
    int controlFd = init.controlFd();
    SocketOwners owners = SocketOwners.NONE;
    try {
      writeFiles(spec.files(), awaitReport(controlFd, SpawnStep.STORE));
      check("send", SandboxNative.proceed(controlFd));
      owners = socketOwners(receiveReport(controlFd), pid);
      return new Sandbox(spawner, pid, controlFd, new TunDevice(awaitReport(controlFd, SpawnStep.READY)), owners,
          program);
    } catch (RuntimeException e) {
      owners.close();
      SandboxNative.close(controlFd); // an init still waiting for us ends at once
      spawner.awaitExit(pid);
      throw e;
    }
  }

  /**
   * The socket owners of the run, from the init's report of its sock_diag socket; none, with a
   * warning, when the kernel refused it (the run goes on without naming processes).
   */
  private static SocketOwners socketOwners(Report report, int init) {
    if (report.step() != SpawnStep.SOCKETS) {
      throw report.failure();
    }
    if (report.error() != 0 || report.fd() < 0) {
      LOG.log(Level.WARNING, "cannot name the processes behind connections: the kernel refused a"
          + " sock_diag socket inside the namespace (" + Errno.text(report.error()) + ")");
      return SocketOwners.NONE;
    }
    return new SocketOwnerLookup(new SockDiag(report.fd()), init, SocketOwnerLookup.BUDGET);
  }

  /**
   * Writes the files into the init's tmpfs through the descriptor it passed us, then closes it:
   * from here on only the init's mounts hold the tmpfs.
   */
  private static void writeFiles(PrivateFiles files, int store) {
    try {
      files.writeInto(Path.of("/proc/self/fd/" + store));
    } catch (IOException e) {
      throw new HtapodException("cannot write the command's files (resolv.conf, trust stores) into its tmpfs: "
          + e.getMessage());
    } finally {
      SandboxNative.close(store);
    }
  }

  /** Waits for the init's report of {@code step}: the descriptor it passes, or why it failed. */
  private static int awaitReport(int controlFd, SpawnStep step) {
    Report report = receiveReport(controlFd);
    if (report.step() == step && report.error() == 0 && report.fd() >= 0) {
      return report.fd();
    }
    throw report.failure();
  }

  /** Waits for the init's next report. */
  private static Report receiveReport(int controlFd) {
    int[] report = new int[3];
    int received = SandboxNative.receiveReport(controlFd, false, report);
    if (received == 1) {
      return new Report(SpawnStep.of(report[0]), report[1], report[2]);
    }
    throw new HtapodException(
        "the namespace set-up ended without a report"
            + (received < 0 ? " (recvmsg: " + Errno.text(-received) + ")" : ""));
  }

  /** One report of the init: a step, its errno (0 when it worked) and the descriptor passed, or -1. */
  private record Report(SpawnStep step, int error, int fd) {
    /** Why the set-up failed at this step; closes the descriptor passed with it. */
    HtapodException failure() {
      if (fd >= 0) {
        SandboxNative.close(fd);
      }
      return SpawnFailures.stepFailed(step, error);
    }
  }

  /** The TUN device, the only route out of the namespace. */
  public TunDevice tun() {
    return tun;
  }

  /**
   * Which process of the run owns a socket of the command ({@link SocketOwners#NONE} when the
   * kernel refused the means); this sandbox closes it.
   */
  public SocketOwners owners() {
    return owners;
  }

  /**
   * Starts the command. From now on SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to this process are
   * forwarded to it; those the terminal sends reach it directly, as it shares our process group.
   */
  public void start() {
    spawner.forwardSignals(pid);
    check("send", SandboxNative.proceed(controlFd));
  }

  /** Waits for the command to end; its status, and why it could not be run if that failed. */
  public Exit awaitExit() {
    int status = spawner.awaitExit(pid);
    check("waitpid", status);
    int code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    int[] report = new int[3];
    Optional<String> execFailure = Optional.empty();
    if (SandboxNative.receiveReport(controlFd, true, report) == 1
        && SpawnStep.of(report[0]) == SpawnStep.EXEC) {
      execFailure = Optional.of(SpawnFailures.execFailed(program, report[1]));
    }
    return new Exit(code, execFailure);
  }

  /**
   * Gives this process its own signal handling back and closes the control socket, the socket
   * owners and the TUN device; the namespace goes with its last process. Signals that arrive
   * between the command's exit and this call are not forwarded, and do not interrupt htapod's last
   * work.
   */
  @Override
  public void close() {
    spawner.forwardSignals(0);
    SandboxNative.close(controlFd);
    owners.close();
    tun.close();
  }

  /**
   * How the command ended.
   *
   * @param status the exit status, 128 + N for signal N, 126/127 when exec failed
   * @param execFailure what a shell would print when the command could not be executed
   */
  public record Exit(int status, Optional<String> execFailure) {}

  static void check(String call, int result) {
    if (result < 0) {
      throw new HtapodException(call + " failed: " + Errno.text(-result));
    }
  }

  private static byte[][] bytes(List<String> strings) {
    byte[][] out = new byte[strings.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = strings.get(i).getBytes(NATIVE);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

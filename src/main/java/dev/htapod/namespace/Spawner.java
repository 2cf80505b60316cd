package dev.htapod.namespace;

import java.nio.file.Path;
import java.util.Map;

/**
 * The process a run's init is cloned from, and which waits for it: this one ({@link #LOCAL}), or
 * the warm launcher that handed the run to this process, whose session, terminal, limits and
 * cgroup the command then shares.
 */
public interface Spawner {
  /** This process, its environment and its signals. */
  Spawner LOCAL = new LocalSpawner();

  /** The environment the command starts from, before the plan's variables. */
  Map<String, String> environment();

  /** The working directory the command starts in, absolute. */
  Path directory();

  /**
   * Clones the init, which then waits on its control socket; a pid of -errno when clone failed.
   *
   * @throws dev.htapod.api.HtapodException when the spawning process could not be asked
   */
  Spawned spawn(SpawnPlan plan);

  /** Waits for the init to exit; its raw wait status, or -errno. */
  int awaitExit(int pid);

  /**
   * Forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to the spawning process to {@code pid} from
   * now on; 0 stops that.
   */
  void forwardSignals(int pid);

  /** A cloned init: its pid (or -errno), and our end of its control socket (or -1). */
  record Spawned(int pid, int controlFd) {}
}

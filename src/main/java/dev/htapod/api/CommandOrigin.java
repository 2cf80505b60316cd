package dev.htapod.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process a run's command is started from, when it is not this one: htapod's warm launcher,
 * a small program that hands its run to a htapod process already running and clones the
 * command's namespaces itself, so that the command keeps the launcher's session, terminal,
 * limits and cgroup. A library has no use for it: {@link Htapod#run} starts the command from
 * this process.
 */
public interface CommandOrigin {
  /** The environment the command starts from; htapod adds its variables to it. */
  Map<String, String> environment();

  /** The working directory the command starts in, absolute. */
  Path directory();

  /**
   * Clones the namespaces' init as {@code plan} says (in the encoding of htapod's native side),
   * in the origin's process.
   *
   * @return the init's pid, and the descriptor in this process of the init's control socket
   * @throws IOException when the origin has gone
   */
  Init cloneInit(byte[] plan) throws IOException;

  /**
   * Waits for the init to exit.
   *
   * @return its raw wait status
   * @throws IOException when the origin has gone
   */
  int awaitExit() throws IOException;

  /**
   * A cloned init.
   *
   * @param pid its pid, or -errno when it could not be cloned
   * @param controlFd the descriptor of its control socket in this process, or -1
   */
  record Init(int pid, int controlFd) {}
}

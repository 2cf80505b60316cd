package dev.htapod.api;

import java.util.List;

/**
 * The process of the run that opened a socket, as {@code ps} inside the run shows it.
 *
 * @param pid its PID in the run's PID namespace (the command is 2; htapod's init is 1)
 * @param name its name ({@code comm}, at most 15 characters, as {@code ps -o comm})
 * @param exe the program file it runs, or null when it could not be read
 * @param argv its arguments, the program first; empty when it could not be read
 * @param parents its parent, the parent's parent, and so on up to the command itself; empty for
 *     the command
 */
public record ProcessInfo(int pid, String name, String exe, List<String> argv, List<Ancestor> parents) {
  public ProcessInfo {
    argv = List.copyOf(argv);
    parents = List.copyOf(parents);
  }

  /** A parent in the chain: its PID in the run and its name. */
  public record Ancestor(int pid, String name) {}
}

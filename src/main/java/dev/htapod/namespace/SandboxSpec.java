package dev.htapod.namespace;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run in the sandbox: the command (program and arguments), the environment variables to
 * set or replace in htapod's own environment ({@code NAME=value}), files to bind-mount over the
 * system's inside the mount namespace, and the network inside.
 */
public record SandboxSpec(List<String> command, List<String> environment, List<BindMount> binds, NetworkPlan network) {
  /** Mounts {@code source} over {@code target}, which must exist, for the command only. */
  public record BindMount(Path source, Path target) {}

  public SandboxSpec {
    command = List.copyOf(command);
    environment = List.copyOf(environment);
    binds = List.copyOf(binds);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    for (String variable : environment) {
      if (variable.indexOf('=') <= 0) {
        throw new IllegalArgumentException("not NAME=value: " + variable);
      }
    }
  }
}

package dev.htapod.namespace;

import java.util.List;

/**
 * What to run in the sandbox: the command (program and arguments), the environment variables to
 * set or replace in htapod's own environment ({@code NAME=value}), and the network inside.
 */
public record SandboxSpec(List<String> command, List<String> environment, NetworkPlan network) {
  public SandboxSpec {
    command = List.copyOf(command);
    environment = List.copyOf(environment);
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

package dev.htapod.namespace;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run in the sandbox: the command (program and arguments), the environment variables to
 * set or replace in htapod's own environment ({@code NAME=value}), mounts over the system's files
 * inside the mount namespace (in order), and the network inside.
 */
public record SandboxSpec(List<String> command, List<String> environment, List<Mount> mounts, NetworkPlan network) {
  /** A mount seen by the command only; its target must exist. */
  public sealed interface Mount {
    /** Fields for the native side: source, target, file system type ("" to bind), data. */
    List<String> fields();
  }

  /** Mounts the file or directory {@code source} over {@code target}. */
  public record BindMount(Path source, Path target) implements Mount {
    @Override
    public List<String> fields() {
      return List.of(source.toString(), target.toString(), "", "");
    }
  }

  /**
   * Mounts an overlay on {@code target}: its own files, plus those of {@code upper} (which win),
   * with {@code work} as overlayfs's scratch directory (on the same file system as {@code upper}).
   */
  public record OverlayMount(Path target, Path upper, Path work) implements Mount {
    @Override
    public List<String> fields() {
      return List.of("overlay", target.toString(), "overlay",
          "lowerdir=" + target + ",upperdir=" + upper + ",workdir=" + work);
    }
  }

  public SandboxSpec {
    command = List.copyOf(command);
    environment = List.copyOf(environment);
    mounts = List.copyOf(mounts);
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

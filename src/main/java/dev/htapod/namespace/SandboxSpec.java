package dev.htapod.namespace;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run in the sandbox: the command (program and arguments), the environment variables to
 * set or replace in htapod's own environment ({@code NAME=value}), the run's private files and the
 * mounts that show them over the system's files inside the mount namespace (in order), and the
 * network inside.
 */
public record SandboxSpec(List<String> command, List<String> environment, PrivateFiles files, List<Mount> mounts,
    NetworkPlan network) {
  /** A mount seen by the command only; its target must exist. */
  public sealed interface Mount {
    /**
     * Fields for the native side: source, target, file system type ("" to bind), data; sources
     * and directories of the private files are their names, resolved inside the tmpfs.
     */
    List<String> fields();

    /** Throws when the private files lack what this mount shows. */
    void checkIn(PrivateFiles files);
  }

  /** Mounts the private file {@code source} over {@code target}. */
  public record BindMount(String source, Path target) implements Mount {
    @Override
    public List<String> fields() {
      return List.of(source, target.toString(), "", "");
    }

    @Override
    public void checkIn(PrivateFiles files) {
      if (files.content(source) == null) {
        throw new IllegalArgumentException("no private file " + source + " to mount on " + target);
      }
    }
  }

  /**
   * Mounts an overlay on {@code target}: its own files, plus those of the private directory
   * {@code upper} (which win), with the private directory {@code work} as overlayfs's scratch.
   */
  public record OverlayMount(Path target, String upper, String work) implements Mount {
    @Override
    public List<String> fields() {
      return List.of("overlay", target.toString(), "overlay",
          "lowerdir=" + target + ",upperdir=" + upper + ",workdir=" + work);
    }

    @Override
    public void checkIn(PrivateFiles files) {
      if (!files.isDirectory(upper) || !files.isDirectory(work)) {
        throw new IllegalArgumentException("no private directories " + upper + " and " + work + " for " + target);
      }
    }
  }

  /** Mounts an empty tmpfs of the run's own on the directory {@code target}. */
  public record EmptyMount(Path target) implements Mount {
    @Override
    public List<String> fields() {
      return List.of("tmpfs", target.toString(), "tmpfs", "mode=0755");
    }

    @Override
    public void checkIn(PrivateFiles files) {
      // it shows none of them
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
    for (Mount mount : mounts) {
      mount.checkIn(files);
    }
  }
}

package dev.htapod.namespace;

import java.nio.file.Path;
import java.util.Map;

/** Clones the init from this process, which is then its parent (see {@link Spawner#LOCAL}). */
final class LocalSpawner implements Spawner {
  @Override
  public Map<String, String> environment() {
    return System.getenv();
  }

  @Override
  public Path directory() {
    return Path.of("").toAbsolutePath();
  }

  @Override
  public Spawned spawn(SpawnPlan plan) {
    NativeLibrary.ensureLoaded();
    int[] fds = new int[2];
    Sandbox.check("socketpair", SandboxNative.socketPair(fds));
    int pid;
    try {
      pid = SandboxNative.spawn(fds[1], plan.candidates(), plan.argv(), plan.environment(), plan.mounts(),
          plan.interfaceName(), plan.numbers(), plan.ipv4(), plan.ipv6());
    } finally {
      SandboxNative.close(fds[1]);
    }
    if (pid < 0) {
      SandboxNative.close(fds[0]);
      return new Spawned(pid, -1);
    }
    return new Spawned(pid, fds[0]);
  }

  @Override
  public int awaitExit(int pid) {
    return SandboxNative.waitFor(pid);
  }

  @Override
  public void forwardSignals(int pid) {
    SandboxNative.forwardSignals(pid);
  }
}

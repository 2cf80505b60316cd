package dev.htapod.engine;

import dev.htapod.api.CommandOrigin;
import dev.htapod.api.HtapodException;
import dev.htapod.namespace.SpawnPlan;
import dev.htapod.namespace.Spawner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Clones a run's init in the process of a {@link CommandOrigin} (the warm launcher), which then
 * waits for it and forwards its own signals to it; this process only gets the control socket.
 */
final class OriginSpawner implements Spawner {
  private final CommandOrigin origin;

  OriginSpawner(CommandOrigin origin) {
    this.origin = origin;
  }

  @Override
  public Map<String, String> environment() {
    return origin.environment();
  }

  @Override
  public Path directory() {
    return origin.directory();
  }

  @Override
  public Spawned spawn(SpawnPlan plan) {
    CommandOrigin.Init init;
    try {
      init = origin.cloneInit(plan.encode());
    } catch (IOException e) {
      throw new HtapodException("the launcher went away before the command started: " + e.getMessage(), e);
    }
    return new Spawned(init.pid(), init.controlFd());
  }

  @Override
  public int awaitExit(int pid) {
    try {
      return origin.awaitExit();
    } catch (IOException e) {
      throw new HtapodException("the launcher went away during the run: " + e.getMessage(), e);
    }
  }

  /** The launcher forwards the signals it gets itself. */
  @Override
  public void forwardSignals(int pid) {}
}

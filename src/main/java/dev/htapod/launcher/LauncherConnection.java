package dev.htapod.launcher;

import dev.htapod.api.CommandOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A launcher's process as the origin of the command it handed over: it clones the init when
 * asked and tells when it has exited, over its connection. Used by the run's thread only.
 */
final class LauncherConnection implements CommandOrigin {
  private final int socket;
  private final Map<String, String> environment;
  private final Path directory;

  LauncherConnection(int socket, Map<String, String> environment, Path directory) {
    this.socket = socket;
    this.environment = environment;
    this.directory = directory;
  }

  @Override
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Init cloneInit(byte[] plan) throws IOException {
    Frame.send(socket, WarmNative.SPAWN, plan);
    Frame spawned = Frame.receive(socket).expect(WarmNative.SPAWNED);
    int pid = spawned.number();
    if (pid > 0 && spawned.fds().length == 1) {
      return new Init(pid, spawned.fds()[0]);
    }
    spawned.closeDescriptors();
    return new Init(pid > 0 ? -71 /* EPROTO: an init without its control socket */ : pid, -1);
  }

  @Override
  public int awaitExit() throws IOException {
    return Frame.receive(socket).expect(WarmNative.EXITED).number();
  }
}

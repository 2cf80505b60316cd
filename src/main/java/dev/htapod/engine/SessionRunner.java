package dev.htapod.engine;

import dev.htapod.api.Htapod;
import dev.htapod.api.TapRunner;
import dev.htapod.namespace.NativeLibrary;
import java.util.List;

/** The engine behind {@link Htapod#run}: one {@link Session} per run. */
public final class SessionRunner implements TapRunner {
  @Override
  public void prepare() {
    RunTrust.prepare();
  }

  @Override
  public String status() {
    return NativeLibrary.status();
  }

  @Override
  public void load() {
    NativeLibrary.ensureLoaded();
  }

  @Override
  public int run(Htapod tap, List<String> command) {
    try (Session session = new Session(tap)) {
      return session.run(command);
    }
  }
}

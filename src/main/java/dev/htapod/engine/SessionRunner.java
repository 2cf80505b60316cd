package dev.htapod.engine;

import dev.htapod.api.HtapodException;
import dev.htapod.api.Htapod;
import dev.htapod.api.TapRunner;
import dev.htapod.namespace.NativeLibrary;
import dev.htapod.namespace.NetworkPlan;
import dev.htapod.namespace.Sandbox;
import dev.htapod.namespace.SandboxSpec;
import java.lang.System.Logger.Level;
import java.util.List;

/** Runs one command under a tap, from spawning the sandbox to the command's exit status. */
public final class SessionRunner implements TapRunner {
  private static final System.Logger LOG = System.getLogger("htapod");

  @Override
  public String status() {
    return NativeLibrary.status();
  }

  @Override
  public int run(Htapod tap, List<String> command) {
    NetworkPlan network = NetworkPlan.standard(tap.ipv6());
    long started = System.nanoTime();
    try (Sandbox sandbox = Sandbox.spawn(new SandboxSpec(command, List.of(), network))) {
      LOG.log(
          Level.DEBUG,
          "namespace ready in {0} ms: {1}",
          (System.nanoTime() - started) / 1_000_000,
          network.describe());
      PacketDrain drain = new PacketDrain(sandbox.tun());
      drain.start();
      sandbox.start();
      Sandbox.Exit exit = sandbox.awaitExit();
      exit.execFailure().ifPresent(message -> LOG.log(Level.ERROR, message));
      drain.stop();
      return exit.status();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HtapodException("interrupted while waiting for the command", e);
    }
  }
}

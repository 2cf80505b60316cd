package dev.htapod.engine;

import dev.htapod.api.HtapodException;
import dev.htapod.api.Htapod;
import dev.htapod.api.TapListener;
import dev.htapod.api.TapRunner;
import dev.htapod.namespace.NativeLibrary;
import dev.htapod.namespace.NetworkPlan;
import dev.htapod.namespace.Sandbox;
import dev.htapod.namespace.SandboxSpec;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.relay.Destinations;
import dev.htapod.relay.TcpRelay;
import dev.htapod.relay.UdpRelay;
import dev.htapod.report.JsonLinesReporter;
import dev.htapod.report.TextReporter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs one command under a tap, from spawning the sandbox to the command's exit status. */
public final class SessionRunner implements TapRunner {
  private static final System.Logger LOG = System.getLogger("htapod");

  @Override
  public String status() {
    return NativeLibrary.status();
  }

  @Override
  public int run(Htapod tap, List<String> command) {
    if (!Epoll.isAvailable()) {
      throw new HtapodException("Netty's epoll transport is unavailable: " + Epoll.unavailabilityCause());
    }
    NetworkPlan network = NetworkPlan.standard(tap.ipv6());
    TapListener listener = listener(tap);
    long started = System.nanoTime();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try (Sandbox sandbox = Sandbox.spawn(new SandboxSpec(command, List.of(), network))) {
      LOG.log(Level.DEBUG, "namespace ready in {0} ms: {1}", (System.nanoTime() - started) / 1_000_000,
          network.describe());
      EventLoop loop = group.next();
      ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
      FlowEvents events = new FlowEvents(listener, ip -> null);
      Destinations destinations = new Destinations(loopbackRewrites(network));
      Stack stack = new Stack(new TunWriter(sandbox.tun()), allocator, new LoopTimers(loop),
          new TcpRelay(loop, destinations, events::tcp), new UdpRelay(loop, destinations, events::udp),
          gateways(network), network.mtu());
      TunReader reader = new TunReader(sandbox.tun(), allocator, loop, stack::receive);
      reader.start();
      sandbox.start();
      Sandbox.Exit exit = sandbox.awaitExit();
      exit.execFailure().ifPresent(message -> LOG.log(Level.ERROR, message));
      reader.stop();
      loop.submit(stack::close).get();
      LOG.log(Level.DEBUG, "packets dropped: {0}", loop.submit(() -> stack.drops().toString()).get());
      return exit.status();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HtapodException("interrupted while waiting for the command", e);
    } catch (ExecutionException e) {
      throw new HtapodException("the network stack failed: " + e.getCause(), e.getCause());
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
  }

  private static TapListener listener(Htapod tap) {
    List<TapListener> all = new ArrayList<>(tap.listeners());
    if (tap.reportStream() != null) {
      all.add(switch (tap.reportFormat()) {
        case TEXT -> new TextReporter(tap.reportStream());
        case JSON -> new JsonLinesReporter(tap.reportStream());
      });
    }
    return new Listeners(all);
  }

  /** The gateway addresses stand for the host's loopback. */
  private static Map<IpAddress, InetAddress> loopbackRewrites(NetworkPlan network) {
    Map<IpAddress, InetAddress> rewrites = new HashMap<>();
    rewrites.put(IpAddress.of(network.gateway4()), IpAddress.LOOPBACK4.toInetAddress());
    if (network.gateway6() != null) {
      rewrites.put(IpAddress.of(network.gateway6()), IpAddress.LOOPBACK6.toInetAddress());
    }
    return rewrites;
  }

  private static Set<IpAddress> gateways(NetworkPlan network) {
    Set<IpAddress> gateways = new HashSet<>();
    gateways.add(IpAddress.of(network.gateway4()));
    if (network.gateway6() != null) {
      gateways.add(IpAddress.of(network.gateway6()));
    }
    return gateways;
  }
}

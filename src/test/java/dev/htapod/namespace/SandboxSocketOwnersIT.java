package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.ProcessInfo.Ancestor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sandbox's socket owners: the client's sockets toward the gateway, seen from the host
 * through the netlink socket the init passed and named with pids as {@code ps} inside shows them.
 * Nothing reads the TUN device, so no packet leaves: TCP stays in SYN-SENT.
 */
class SandboxSocketOwnersIT {
  @TempDir Path dir;

  @Test
  void namesTheCommandsProcessesAsTheRunSeesThem() throws Exception {
    NetworkPlan network = NetworkPlan.standard(true);
    String gateway4 = network.gateway4().getHostAddress();
    String gateway6 = network.gateway6().getHostAddress();
    List<String> client = SocketClient.argv(SocketClient.write(dir), dir,
        "tcp," + gateway4 + ",80", "udp," + gateway4 + ",53", "tcp," + gateway6 + ",443");
    // The client below a shell that waits for it: PID 2 is the shell (the command), 3 the client.
    List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\"; true", "sh"));
    command.addAll(client);
    SandboxSpec spec = new SandboxSpec(command, List.of(), new PrivateFiles(), List.of(), network);
    try (Sandbox sandbox = Sandbox.spawn(spec, Spawner.LOCAL)) {
      sandbox.start();
      SocketClient.Opened opened = SocketClient.awaitOpened(dir);
      SocketOwners owners = sandbox.owners();
      InetSocketAddress tcp4 = new InetSocketAddress(network.address4(), opened.port("tcp", gateway4));
      InetSocketAddress udp4 = new InetSocketAddress(network.address4(), opened.port("udp", gateway4));
      InetSocketAddress tcp6 = new InetSocketAddress(network.address6(), opened.port("tcp", gateway6));

      ProcessInfo owner = owners.tcp(tcp4, at(gateway4, 80)).get(5, TimeUnit.SECONDS);
      assertThat(owner.pid()).isEqualTo(opened.pid()).isEqualTo(3);
      assertThat(owner.name()).isEqualTo("python3");
      assertThat(owner.argv()).isEqualTo(client);
      assertThat(owner.parents()).containsExactly(new Ancestor(2, "sh"));
      assertThat(owners.udp(udp4, at(gateway4, 53)).get(5, TimeUnit.SECONDS)).isEqualTo(owner);
      assertThat(owners.tcp(tcp6, at(gateway6, 443)).get(5, TimeUnit.SECONDS)).isEqualTo(owner);
      assertThat(owners.tcp(tcp4, at(gateway4, 81)).get(5, TimeUnit.SECONDS)).isNull();

      SocketClient.release(dir);
      assertThat(sandbox.awaitExit().status()).isZero();
    }
  }

  private static InetSocketAddress at(String host, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }
}

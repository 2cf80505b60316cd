package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.ProcessInfo.Ancestor;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sockets of real processes, in this JVM's own network namespace: the test's shell stands in
 * for the run's init, so pids are the host's and the chain of parents ends below that shell. With
 * assertions on, a lookup run off its own thread would fail one and never complete.
 */
class SocketOwnerLookupTest {
  private static final String V4 = "127.0.0.1";
  private static final String V6 = "::1";

  @TempDir Path dir;
  private ServerSocket tcp4;
  private ServerSocket tcp6;
  private DatagramSocket udp4;
  private DatagramSocket udp6;

  @BeforeEach
  void listen() throws Exception {
    tcp4 = new ServerSocket(0, 50, InetAddress.getByName(V4));
    tcp6 = new ServerSocket(0, 50, InetAddress.getByName(V6));
    udp4 = new DatagramSocket(new InetSocketAddress(V4, 0));
    udp6 = new DatagramSocket(new InetSocketAddress(V6, 0));
  }

  @AfterEach
  void stopListening() throws Exception {
    tcp4.close();
    tcp6.close();
    udp4.close();
    udp6.close();
  }

  @Test
  void namesTheProcessItsPidNameProgramArgumentsAndParentsUpToTheCommand() throws Exception {
    String[] sockets = {"tcp," + V4 + "," + tcp4.getLocalPort()};
    try (SocketClients clients = SocketClients.start(dir, 2, 0, sockets);
        SocketOwners owners = lookup(clients)) {
      ProcessInfo owner = get(owners.tcp(at(V4, clients.port("tcp", V4)), at(V4, tcp4.getLocalPort())));

      assertThat(owner.pid()).isEqualTo(clients.client());
      assertThat(owner.name()).isEqualTo("python3");
      assertThat(owner.exe()).isEqualTo(Path.of(SocketClient.PYTHON).toRealPath().toString());
      assertThat(owner.argv()).isEqualTo(clients.clientArgv());
      int shell = parentOf(clients.client());
      int command = parentOf(shell);
      assertThat(parentOf(command)).isEqualTo(clients.init());
      assertThat(owner.parents()).containsExactly(new Ancestor(shell, "sh"), new Ancestor(command, "sh"));
    }
  }

  @Test
  void theCommandItselfHasNoParents() throws Exception {
    try (SocketClients clients = SocketClients.start(dir, 0, 0, "udp," + V4 + "," + udp4.getLocalPort());
        SocketOwners owners = lookup(clients)) {
      ProcessInfo owner = get(owners.udp(at(V4, clients.port("udp", V4)), at(V4, udp4.getLocalPort())));

      assertThat(owner.pid()).isEqualTo(clients.client());
      assertThat(owner.parents()).isEmpty();
    }
  }

  @Test
  void findsTcpAndUnconnectedUdpSocketsOfBothFamiliesAndDualStackOnesTalkingIpv4() throws Exception {
    int tcp4Port = tcp4.getLocalPort();
    int udp4Port = udp4.getLocalPort();
    try (SocketClients clients = SocketClients.start(dir, 1, 0,
            "tcp," + V4 + "," + tcp4Port, "tcp," + V6 + "," + tcp6.getLocalPort(), "dualtcp," + V4 + "," + tcp4Port,
            "udp," + V4 + "," + udp4Port, "udp," + V6 + "," + udp6.getLocalPort(), "dualudp," + V4 + "," + udp4Port);
        SocketOwners owners = lookup(clients)) {
      int pid = clients.client();
      assertThat(get(owners.tcp(at(V4, clients.port("tcp", V4)), at(V4, tcp4Port))).pid()).isEqualTo(pid);
      assertThat(get(owners.tcp(at(V6, clients.port("tcp", V6)), at(V6, tcp6.getLocalPort()))).pid()).isEqualTo(pid);
      assertThat(get(owners.tcp(at(V4, clients.port("dualtcp", V4)), at(V4, tcp4Port))).pid()).isEqualTo(pid);
      assertThat(get(owners.udp(at(V4, clients.port("udp", V4)), at(V4, udp4Port))).pid()).isEqualTo(pid);
      assertThat(get(owners.udp(at(V6, clients.port("udp", V6)), at(V6, udp6.getLocalPort()))).pid()).isEqualTo(pid);
      assertThat(get(owners.udp(at(V4, clients.port("dualudp", V4)), at(V4, udp4Port))).pid()).isEqualTo(pid);
    }
  }

  @Test
  void socketsNobodyOrNobodyOfTheRunHoldsHaveNoOwner() throws Exception {
    try (SocketClients clients = SocketClients.start(dir, 1, 0, "tcp," + V4 + "," + tcp4.getLocalPort());
        SocketOwners owners = lookup(clients);
        Socket ours = new Socket(V4, tcp4.getLocalPort())) {
      InetSocketAddress server = at(V4, tcp4.getLocalPort());
      int clientPort = clients.port("tcp", V4);

      assertThat(get(owners.tcp(at(V4, ours.getLocalPort()), server))).as("this JVM's socket").isNull();
      assertThat(get(owners.tcp(server, at(V4, clientPort)))).as("the server's end, not held yet").isNull();
      assertThat(get(owners.udp(at(V4, clientPort), server))).as("another protocol").isNull();
      assertThat(get(owners.tcp(at(V4, clientPort), at(V6, tcp6.getLocalPort())))).as("two families").isNull();
    }
  }

  @Test
  void completesWithNullOnceClosed() throws Exception {
    try (SocketClients clients = SocketClients.start(dir, 0, 0, "tcp," + V4 + "," + tcp4.getLocalPort())) {
      SocketOwners owners = lookup(clients);
      InetSocketAddress client = at(V4, clients.port("tcp", V4));
      InetSocketAddress server = at(V4, tcp4.getLocalPort());
      assertThat(get(owners.tcp(client, server))).isNotNull();

      owners.close();
      owners.close();
      assertThat(owners.tcp(client, server)).isCompletedWithValue(null);
    }
  }

  @Test
  void aLookupPastItsBudgetCompletesWithNull() throws Exception {
    try (SocketClients clients = SocketClients.start(dir, 0, 0, "tcp," + V4 + "," + tcp4.getLocalPort());
        SocketOwners owners = new SocketOwnerLookup(SockDiag.openHere(), clients.init(), Duration.ZERO)) {
      assertThat(get(owners.tcp(at(V4, clients.port("tcp", V4)), at(V4, tcp4.getLocalPort())))).isNull();
    }
  }

  @Test
  void noneKnowsNobody() {
    InetSocketAddress any = at(V4, 1);
    assertThat(SocketOwners.NONE.tcp(any, any)).isCompletedWithValue(null);
    assertThat(SocketOwners.NONE.udp(any, any)).isCompletedWithValue(null);
  }

  /** Lookups with a budget that a busy test machine cannot exhaust. */
  private static SocketOwners lookup(SocketClients clients) {
    return new SocketOwnerLookup(SockDiag.openHere(), clients.init(), Duration.ofSeconds(10));
  }

  private static ProcessInfo get(CompletableFuture<ProcessInfo> owner) throws Exception {
    return owner.get(5, TimeUnit.SECONDS);
  }

  private static InetSocketAddress at(String host, int port) {
    return new InetSocketAddress(host, port);
  }

  private static int parentOf(int pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("PPid:")) {
        return Integer.parseInt(line.substring(5).strip());
      }
    }
    throw new AssertionError("no PPid for " + pid);
  }
}

package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.namespace.SockDiag.Protocol;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** This JVM's own sockets, named by the kernel of its network namespace. */
class SockDiagTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final SockDiag diag = SockDiag.openHere();

  @AfterEach
  void close() {
    diag.close();
  }

  @Test
  void namesATcpSocketByItsLocalAddressFirst() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        Socket accepted = server.accept()) {
      InetSocketAddress local = (InetSocketAddress) client.getLocalSocketAddress();
      InetSocketAddress remote = (InetSocketAddress) client.getRemoteSocketAddress();

      long inode = diag.inode(Protocol.TCP, local, remote);
      long acceptedInode = diag.inode(Protocol.TCP, remote, local); // the server's end
      assertThat(accepted.getPort()).isEqualTo(local.getPort());

      assertThat(inode).isPositive().isNotEqualTo(acceptedInode);
      assertThat(ourSockets()).contains(inode, acceptedInode);
    }
  }

  @Test
  void namesAnUnconnectedUdpSocketByWhereItSent() throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(0, LOOPBACK);
        DatagramSocket sender = new DatagramSocket(0, LOOPBACK)) {
      sender.send(new DatagramPacket(new byte[1], 1, receiver.getLocalSocketAddress()));
      InetSocketAddress from = (InetSocketAddress) sender.getLocalSocketAddress();

      long inode = diag.inode(Protocol.UDP, from, (InetSocketAddress) receiver.getLocalSocketAddress());

      assertThat(inode).isPositive();
      assertThat(ourSockets()).contains(inode);
    }
  }

  @Test
  void knowsNoSocketThatIsNotThere() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      InetSocketAddress listening = (InetSocketAddress) server.getLocalSocketAddress();
      assertThat(diag.inode(Protocol.TCP, new InetSocketAddress(LOOPBACK, 1), listening)).isZero();
      assertThat(diag.inode(Protocol.UDP, new InetSocketAddress(LOOPBACK, 1), listening)).isZero();
    }
  }

  /** The inodes of the sockets this JVM holds. */
  private static List<Long> ourSockets() throws Exception {
    List<Long> inodes = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        String target = Files.isSymbolicLink(fd) ? Files.readSymbolicLink(fd).toString() : "";
        if (target.startsWith("socket:[")) {
          inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    }
    return inodes;
  }
}

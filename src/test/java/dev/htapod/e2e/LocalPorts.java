package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;

/** Ports on the host's loopback for servers the tests start as separate programs. */
final class LocalPorts {
  private LocalPorts() {}

  /** A port nothing listens on right now. */
  static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A port nothing listens on right now, none of {@code avoided}. */
  static int free(Set<Integer> avoided) throws IOException {
    int port = free();
    while (avoided.contains(port)) {
      port = free(); // the kernel starts its search for a port at random each time
    }
    return port;
  }

  /** Waits up to ten seconds for a server to listen on {@code port}. */
  static void awaitListening(int port, String server) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!listening(port)) {
      assertThat(System.nanoTime()).as("%s listening on %d", server, port).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}

package dev.htapod.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Small real servers on the host's loopback, each on a thread of its own, for the tests. */
final class SocketTestServers {
  private SocketTestServers() {}

  /** A TCP server that reads until the client shuts its side, then answers "LENGTH SHA256". */
  static ServerSocket hashUntilEof(InetAddress address) throws IOException {
    return tcp(address, socket -> socket.getOutputStream()
        .write((StreamDigest.of(socket.getInputStream()) + "\n").getBytes(StandardCharsets.US_ASCII)));
  }

  /** A TCP server that speaks first: a banner, then it echoes one line and closes. */
  static ServerSocket banner(InetAddress address, String banner) throws IOException {
    return tcp(address, socket -> {
      OutputStream out = socket.getOutputStream();
      out.write((banner + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = line(new BufferedInputStream(socket.getInputStream()));
      if (line != null) {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    });
  }

  /**
   * A TCP server of blocks, each a line "hash N" or "echo N" and N bytes: it answers the block's
   * "LENGTH SHA256" line, or the block itself, until the client shuts its side.
   */
  static ServerSocket blocks(InetAddress address) throws IOException {
    return tcp(address, socket -> {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (String line = line(in); line != null; line = line(in)) {
        String[] words = line.split(" ");
        byte[] block = in.readNBytes(Integer.parseInt(words[1]));
        out.write(words[0].equals("hash")
            ? (StreamDigest.of(new ByteArrayInputStream(block)) + "\n").getBytes(StandardCharsets.US_ASCII)
            : block);
        out.flush();
      }
    });
  }

  /** The next line, without its end; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return null;
      }
      line.append((char) c);
    }
    return line.toString();
  }

  /** A UDP server that sends every datagram back, upper-cased. */
  static DatagramSocket udpEcho(InetAddress address) throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
    daemon(() -> {
      byte[] buffer = new byte[65535];
      while (!socket.isClosed()) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        byte[] reply = text.toUpperCase().getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      }
      return null;
    });
    return socket;
  }

  /** Serves each connection of a new server socket with {@code handler}. */
  interface Handler {
    void handle(Socket socket) throws Exception;
  }

  static ServerSocket tcp(InetAddress address, Handler handler) throws IOException {
    ServerSocket server = new ServerSocket(0, 256, address);
    daemon(() -> {
      while (!server.isClosed()) {
        Socket socket = server.accept();
        daemon(() -> {
          try (socket) {
            handler.handle(socket);
          }
          return null;
        });
      }
      return null;
    });
    return server;
  }

  private static void daemon(java.util.concurrent.Callable<Void> body) {
    Thread thread = new Thread(() -> {
      try {
        body.call();
      } catch (Exception e) {
        // the server was closed
      }
    });
    thread.setDaemon(true);
    thread.start();
  }
}

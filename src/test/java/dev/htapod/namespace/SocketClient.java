package dev.htapod.namespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python client that opens real sockets, writes their local ports and its pid into a file and
 * holds them until told to go: {@code python3 client.py DIR KIND,HOST,PORT...}, KIND one of tcp,
 * udp (unconnected), dualtcp and dualudp (an AF_INET6 socket talking to an IPv4 HOST).
 */
final class SocketClient {
  /** The system's Python: one on PATH may be a shim (pyenv's) that runs another program first. */
  static final String PYTHON = "/usr/bin/python3";

  /**
   * TCP connects without waiting: inside a sandbox with nobody reading the TUN device the
   * connection stays in SYN-SENT, which is enough to be found.
   */
  private static final String SCRIPT = """
      import os, socket, sys, time
      out, held, lines = sys.argv[1], [], []
      for spec in sys.argv[2:]:
          kind, host, port = spec.split(',')
          dual = kind.startswith('dual')
          family = socket.AF_INET6 if dual or ':' in host else socket.AF_INET
          target = ('::ffff:' + host if dual else host, int(port))
          if kind.endswith('tcp'):
              s = socket.socket(family, socket.SOCK_STREAM)
              s.setblocking(False)
              s.connect_ex(target)
          else:
              s = socket.socket(family, socket.SOCK_DGRAM)
              s.sendto(b'x', target)
          held.append(s)
          lines.append('%s %s %d\\n' % (kind, host, s.getsockname()[1]))
      lines.append('pid %d\\n' % os.getpid())
      with open(out + '/sockets.tmp', 'w') as f:
          f.writelines(lines)
      os.rename(out + '/sockets.tmp', out + '/sockets')
      for _ in range(600):
          if os.path.exists(out + '/done'):
              break
          time.sleep(0.05)
      """;

  private SocketClient() {}

  /** Writes the client into {@code dir}; its path. */
  static Path write(Path dir) throws IOException {
    return Files.writeString(dir.resolve("client.py"), SCRIPT);
  }

  /** The client's argv, to run it with its sockets' ports and pid written into {@code dir}. */
  static List<String> argv(Path client, Path dir, String... sockets) {
    List<String> argv = new ArrayList<>(List.of(PYTHON, client.toString(), dir.toString()));
    argv.addAll(List.of(sockets));
    return argv;
  }

  /** Waits (10 s at most) for what the client writes into {@code dir} once its sockets are open. */
  static Opened awaitOpened(Path dir) throws IOException, InterruptedException {
    Path written = dir.resolve("sockets");
    for (int i = 0; i < 200 && !Files.exists(written); i++) {
      Thread.sleep(50);
    }
    int pid = 0;
    Map<String, Integer> ports = new HashMap<>();
    for (String line : Files.readAllLines(written)) {
      String[] fields = line.split(" ");
      if (fields[0].equals("pid")) {
        pid = Integer.parseInt(fields[1]);
      } else {
        ports.put(fields[0] + "," + fields[1], Integer.parseInt(fields[2]));
      }
    }
    return new Opened(pid, ports);
  }

  /** Lets the client in {@code dir} close its sockets and exit. */
  static void release(Path dir) throws IOException {
    Files.writeString(dir.resolve("done"), "");
  }

  /** What the client opened: its pid (as it sees it) and the local ports of its sockets. */
  record Opened(int pid, Map<String, Integer> ports) {
    /** The local port of the socket of {@code kind} to {@code host}. */
    int port(String kind, String host) {
      return ports.get(kind + "," + host);
    }
  }
}

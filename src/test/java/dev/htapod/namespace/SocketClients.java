package dev.htapod.namespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a run on the host: a shell as its "init"; below it a chain of shells; at the
 * bottom a {@link SocketClient} beside idle processes that wait for stdin to close.
 */
final class SocketClients implements AutoCloseable {
  /**
   * chain.sh SHELLS IDLE CLIENT-ARGV...: runs itself SHELLS times, each below the last, then IDLE
   * processes and the client. A background job's stdin is /dev/null, hence the copy in fd 3.
   */
  private static final String CHAIN = """
      n=$1; idle=$2; shift 2
      if [ "$n" -gt 0 ]; then
        sh "$0" $((n - 1)) "$idle" "$@"
      else
        exec 3<&0
        i=0
        while [ $i -lt "$idle" ]; do cat <&3 >/dev/null & i=$((i + 1)); done
        "$@"
        wait
      fi
      """;

  private final Process init;
  private final Path dir;
  private final List<String> clientArgv;
  private final SocketClient.Opened opened;

  private SocketClients(Process init, Path dir, List<String> clientArgv, SocketClient.Opened opened) {
    this.init = init;
    this.dir = dir;
    this.clientArgv = clientArgv;
    this.opened = opened;
  }

  /**
   * Starts the init, {@code shells} shells each below the last, and the client and {@code idle}
   * processes below them (the init's children when there are no shells), opening {@code sockets}.
   */
  static SocketClients start(Path dir, int shells, int idle, String... sockets) throws Exception {
    Path chain = Files.writeString(dir.resolve("chain.sh"), CHAIN);
    List<String> clientArgv = SocketClient.argv(SocketClient.write(dir), dir, sockets);
    List<String> command = new ArrayList<>(List.of("sh", chain.toString(), "" + shells, "" + idle));
    command.addAll(clientArgv);
    Process init = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    return new SocketClients(init, dir, clientArgv, SocketClient.awaitOpened(dir));
  }

  /** The init's host pid. */
  int init() {
    return (int) init.pid();
  }

  /** The client's host pid. */
  int client() {
    return opened.pid();
  }

  List<String> clientArgv() {
    return clientArgv;
  }

  /** The local port of the client's socket of {@code kind} to {@code host}. */
  int port(String kind, String host) {
    return opened.port(kind, host);
  }

  /** Lets the processes go and waits for them; destroys the init (ours) if they hang. */
  @Override
  public void close() throws IOException {
    SocketClient.release(dir);
    init.getOutputStream().close();
    try {
      if (!init.waitFor(10, TimeUnit.SECONDS)) {
        init.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      init.destroyForcibly();
    }
  }
}

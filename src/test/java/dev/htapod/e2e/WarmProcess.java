package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A warm htapod process of a test's own: its socket directory, the cold run through the launcher
 * that starts it, and its end by its PID (from its lock file).
 */
final class WarmProcess implements AutoCloseable {
  /** What -v says of a run handed to a warm process. */
  static final String WARM_LINE = "htapod: a warm run: the command starts from the launcher's process";

  private final Path sockets;

  /** A socket directory (mode 0700) in {@code dir}; no process yet. */
  WarmProcess(Path dir) throws IOException {
    this.sockets = Files.createDirectory(dir.resolve("sockets"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
  }

  Path sockets() {
    return sockets;
  }

  /** The launcher's command line for a run of htapod with {@code args}. */
  List<String> commandLine(String... args) {
    return HtapodProcess.warmCommandLine(sockets, args);
  }

  /** Runs htapod cold through the launcher, which starts the warm process; waits until it listens. */
  long start() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(commandLine("-q", "--", "true"));
    builder.environment().remove("HTAPOD_WARM"); // scripts/test sets it to 0 for the other tests
    HtapodProcess.Result first = HtapodProcess.run(builder, "");
    assertThat(first.status()).as(first.stderr()).isZero();
    return awaitListening();
  }

  /** Waits for the warm process to listen; its PID. */
  long awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<Path> locks = locks();
      boolean listening;
      try (Stream<Path> files = Files.list(sockets)) {
        listening = files.anyMatch(file -> file.toString().endsWith(".sock"));
      }
      if (listening && locks.size() == 1 && !Files.readString(locks.get(0)).isBlank()) {
        return Long.parseLong(Files.readString(locks.get(0)).strip());
      }
      assertThat(System.nanoTime()).as("a warm process listening in %s", sockets).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Whether nothing was left in the socket directory: no warm process was started. */
  boolean untouched() throws IOException {
    try (Stream<Path> files = Files.list(sockets)) {
      return files.findAny().isEmpty();
    }
  }

  /** Ends the warm process, if one was started. */
  @Override
  public void close() throws IOException {
    for (Path lock : locks()) {
      String pid = Files.readString(lock).strip();
      if (!pid.isEmpty()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private List<Path> locks() throws IOException {
    try (Stream<Path> files = Files.list(sockets)) {
      return files.filter(file -> file.toString().endsWith(".lock")).toList();
    }
  }
}

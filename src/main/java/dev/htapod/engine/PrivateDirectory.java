package dev.htapod.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory only we can read (0700), removed with everything in it at the end. */
final class PrivateDirectory implements AutoCloseable {
  private final Path path;

  PrivateDirectory() throws IOException {
    this.path = Files.createTempDirectory("htapod-");
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Best effort: nothing secret is ever written there (the CA key never is).
    }
  }
}

package dev.htapod.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /**
   * Writes {@code content} to {@code relative} in here (making its directories), readable by us
   * alone: the command, running as us, reads it through the mounts.
   */
  Path write(String relative, byte[] content) throws IOException {
    Path file = path.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
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

package dev.htapod.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
    try {
      delete(path);
    } catch (IOException | UncheckedIOException e) {
      // Best effort: nothing secret is ever written there (the CA key never is).
    }
  }

  /**
   * Deletes a tree, opening each directory first: overlayfs leaves a "work" directory of mode
   * 000 in an overlay's work directory, which we own but could not otherwise list.
   */
  private static void delete(Path file) throws IOException {
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(file)) {
        for (Path entry : entries) {
          delete(entry);
        }
      }
    }
    Files.deleteIfExists(file);
  }
}

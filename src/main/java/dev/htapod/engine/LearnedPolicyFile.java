package dev.htapod.engine;

import dev.htapod.api.DestinationUse;
import dev.htapod.api.HtapodException;
import dev.htapod.policy.PolicyFile;
import dev.htapod.policy.PolicyMerge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The file {@code --learn} names. It is checked before the command runs, so that a run is not
 * spent on a file that cannot take its result: what it holds must read as a policy file, and its
 * folder must take a new file. After the run it is read again (the user may have edited it
 * meanwhile), merged with what the run used ({@link PolicyMerge}), and replaced by a file written
 * beside it and renamed over it: never seen half written, and never half lost to a full disk.
 */
final class LearnedPolicyFile {
  private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

  /** The file, past any link. */
  private final Path file;
  /** The file as the user named it, for messages. */
  private final String name;

  /**
   * @throws IllegalArgumentException when the file holds a malformed line
   * @throws HtapodException when it cannot be read, or its folder cannot be written
   */
  LearnedPolicyFile(Path given) {
    this.file = resolved(given);
    this.name = given.toString();
    read();
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new HtapodException("cannot write the --learn file " + given + ": no such directory");
    }
    if (!Files.isWritable(folder)) {
      throw new HtapodException("cannot write the --learn file " + given + ": its directory " + folder
          + " is not writable (the file is replaced by a new one written beside it)");
    }
  }

  /** A link is followed, so that the file it points to is the one replaced, not the link. */
  private static Path resolved(Path given) {
    try {
      return Files.exists(given) ? given.toRealPath() : given;
    } catch (IOException e) {
      return given;
    }
  }

  /** What the file holds now; empty when it does not exist. */
  private PolicyFile read() {
    try {
      List<String> text = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      return PolicyFile.parse(name, text);
    } catch (IOException e) {
      throw new HtapodException("cannot read the --learn file " + name + ": " + reason(e));
    }
  }

  /** Adds the run's destinations, and the lines of {@code policies} it lacks. */
  void write(List<PolicyFile> policies, List<DestinationUse> uses) {
    PolicyFile before;
    try {
      before = read();
    } catch (IllegalArgumentException e) {
      throw new HtapodException("the --learn file changed during the run and no longer reads: " + e.getMessage()
          + " (it was left as it is)");
    }
    List<String> after = PolicyMerge.merge(before, policies, uses);
    if (after.equals(before.text()) && Files.exists(file)) {
      return;
    }
    Path folder = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
      Files.write(temporary, after, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temporary, Files.exists(file) ? Files.getPosixFilePermissions(file) : NEW_FILE);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new HtapodException("cannot write the --learn file " + name + ": " + reason(e) + " (it was left as it is)");
    } finally {
      deleteQuietly(temporary);
    }
  }

  private static void deleteQuietly(Path temporary) {
    try {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      // The write has failed already and says so; a dot-file left beside it is named for it.
    }
  }

  private static String reason(IOException e) {
    return e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof AccessDeniedException ? "permission denied"
        : String.valueOf(e.getMessage());
  }
}

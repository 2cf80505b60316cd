package dev.htapod.namespace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The files a run shows its command (resolv.conf, trust bundles, the upper directories of
 * overlays), by relative name. They are made in memory; {@link Sandbox#spawn} writes them into a
 * tmpfs that only the command's mount namespace holds, which the kernel frees with the namespace
 * however htapod ends, SIGKILL included: none of them is ever written to a disk. Not thread-safe.
 */
public final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> OURS_ALONE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Set<String> directories = new LinkedHashSet<>();

  /**
   * Adds a file, readable by us alone (the command, running as us, reads it through a mount);
   * the directories on its way are made too.
   *
   * @return {@code name}
   */
  public String file(String name, byte[] content) {
    check(name);
    if (files.containsKey(name) || directories.contains(name)) {
      throw new IllegalArgumentException("already a private file: " + name);
    }
    files.put(name, content.clone());
    return name;
  }

  /**
   * Adds an empty directory.
   *
   * @return {@code name}
   */
  public String directory(String name) {
    check(name);
    if (files.containsKey(name)) {
      throw new IllegalArgumentException("already a private file: " + name);
    }
    directories.add(name);
    return name;
  }

  /** Adds every file and directory of {@code other}, which must use none of these names. */
  public void include(PrivateFiles other) {
    for (String directory : other.directories) {
      directory(directory);
    }
    other.files.forEach(this::file);
  }

  /** The content of the file {@code name}, or null when there is none. */
  public byte[] content(String name) {
    byte[] content = files.get(name);
    return content == null ? null : content.clone();
  }

  /** Whether {@code name} is a directory made by {@link #directory}. */
  public boolean isDirectory(String name) {
    return directories.contains(name);
  }

  /** Writes every file and directory under {@code root}. */
  void writeInto(Path root) throws IOException {
    for (String directory : directories) {
      Files.createDirectories(root.resolve(directory));
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(path,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OURS_ALONE))) {
        out.write(file.getValue());
      }
    }
  }

  private static void check(String name) {
    Path path = Path.of(name);
    if (name.isEmpty() || path.isAbsolute() || !path.normalize().toString().equals(name) || name.startsWith("..")
        || name.contains(",") || name.contains(":")) {
      throw new IllegalArgumentException("not a plain relative name: " + name);
    }
  }
}

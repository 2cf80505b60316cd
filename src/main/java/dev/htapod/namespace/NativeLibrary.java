package dev.htapod.namespace;

import dev.htapod.api.HtapodException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads libhtapod from the jar once per JVM. The library is copied into a fresh private directory
 * and deleted as soon as it is mapped, so nothing stays behind in the temp directory.
 */
public final class NativeLibrary {
  private static final String RESOURCE = "/native/linux-x86_64/libhtapod.so";
  private static final Object LOCK = new Object();
  private static String failure;
  private static boolean loaded;

  private NativeLibrary() {}

  /**
   * Makes sure the library is loaded.
   *
   * @throws HtapodException naming why it cannot be
   */
  public static void ensureLoaded() {
    String why = loadOnce();
    if (why != null) {
      throw new HtapodException("cannot load htapod's native library: " + why);
    }
  }

  /** One line for {@code --version}: "loaded" or why not. */
  public static String status() {
    String why = loadOnce();
    return why == null ? "native library loaded (linux-x86_64)" : "native library unavailable: " + why;
  }

  private static String loadOnce() {
    synchronized (LOCK) {
      if (!loaded && failure == null) {
        try {
          load();
          loaded = true;
        } catch (IOException | UnsatisfiedLinkError e) {
          failure = e.getMessage();
        }
      }
      return failure;
    }
  }

  private static void load() throws IOException {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    if (!"Linux".equals(os) || !"amd64".equals(arch)) {
      throw new IOException("htapod runs on Linux x86_64 only, not " + os + " " + arch);
    }
    Path dir = Files.createTempDirectory("htapod-native-");
    Path file = dir.resolve("libhtapod.so");
    try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the jar (rebuild with mvn package)");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      System.load(file.toString());
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}

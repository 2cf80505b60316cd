package dev.htapod.namespace;

import dev.htapod.api.HtapodException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads libhtapod once per JVM, leaving no file behind whatever ends the JVM: from {@code
 * java.library.path} when it is there (scripts/htapod puts it there, beside Netty's), else from
 * the jar through a temporary file that is unlinked as soon as it is opened, before anything is
 * written to it, and loaded through {@code /proc/self/fd}.
 */
public final class NativeLibrary {
  private static final String NAME = "htapod";
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
    try {
      System.loadLibrary(NAME);
    } catch (UnsatisfiedLinkError notOnTheLibraryPath) {
      loadFromJar();
    }
  }

  /**
   * Copies the library out of the jar into a file that has no name by then: the JDK unlinks a
   * file opened with DELETE_ON_CLOSE right after opening it (a SIGKILL in between, a few
   * instructions, is the one moment a file could stay), and the loader opens it again through
   * the descriptor.
   */
  private static void loadFromJar() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
    Path file = dir.resolve("libhtapod-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".so");
    try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the jar (rebuild with mvn package)");
      }
      try (SeekableByteChannel channel = Files.newByteChannel(file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          OutputStream out = Channels.newOutputStream(channel)) {
        in.transferTo(out);
        System.load(descriptorOf(file));
      }
    }
  }

  /** The /proc/self/fd path of our open descriptor of {@code file} (unlinked, or not yet). */
  private static String descriptorOf(Path file) throws IOException {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.equals(file + " (deleted)") || target.equals(file.toString())) {
            return fd.toString();
          }
        } catch (IOException closedMeanwhile) {
          // another thread's descriptor, closed while we looked
        }
      }
    }
    throw new IOException("no descriptor of " + file + " in /proc/self/fd");
  }
}

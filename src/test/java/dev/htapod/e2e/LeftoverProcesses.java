package dev.htapod.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds processes on the host whose command line starts with a marker, or that are in (or hold a
 * descriptor of) a namespace, by scanning /proc.
 */
final class LeftoverProcesses {
  private LeftoverProcesses() {}

  /** Waits up to two seconds for the number of matching processes to become {@code count}. */
  static List<String> awaitCount(String marker, int count) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    List<String> found = matching(marker);
    while (found.size() != count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      found = matching(marker);
    }
    return found;
  }

  static List<String> matching(String marker) throws IOException {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(LeftoverProcesses::commandLine)
          .filter(line -> line.startsWith(marker))
          .toList();
    }
  }

  /** The namespace of {@code kind} ("pid", "mnt") that process {@code pid} is in, e.g. "mnt:[4026532301]". */
  static String namespaceOf(long pid, String kind) throws IOException {
    return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", kind)).toString();
  }

  /**
   * Waits up to two seconds for no live process to be in {@code namespace} (as {@link #namespaceOf}
   * names it) or to hold a descriptor of it; returns those still there (their pid and command line).
   * Zombies do not count: they have ended, and keep only their pid until whoever inherited them
   * reaps them (an orphan's new parent, here the host's init, may take seconds).
   */
  static List<String> awaitNoneIn(String namespace) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    List<String> found = in(namespace);
    while (!found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      found = in(namespace);
    }
    return found;
  }

  /**
   * The live processes in {@code namespace} or holding a descriptor of it; those we may not
   * inspect are left out.
   */
  static List<String> in(String namespace) throws IOException {
    String kind = namespace.substring(0, namespace.indexOf(':'));
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> namespace.equals(link(p.resolve("ns").resolve(kind))) || holds(p, namespace))
          .filter(p -> !isZombie(p))
          .map(p -> p.getFileName() + " " + commandLine(p))
          .toList();
    }
  }

  private static boolean isZombie(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z'; // the state follows "(comm) "
    } catch (IOException e) {
      return true; // reaped while we looked
    }
  }

  private static boolean holds(Path proc, String target) {
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      return fds.anyMatch(fd -> target.equals(link(fd)));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // another user's process, or one that ended while we looked
    }
  }

  private static String link(Path path) {
    try {
      return Files.readSymbolicLink(path).toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }
}

package dev.htapod.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds processes on the host whose command line starts with a marker, by scanning /proc. */
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

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }
}

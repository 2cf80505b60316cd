package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tshark on a written file. A missing tshark fails the test: CI installs it
 * (scripts/test), and a skipped test would hide a file Wireshark cannot read.
 */
public final class Tshark {
  private Tshark() {}

  /**
   * The packets matching {@code filter}, one row each, the {@code fields} joined by "|" (several
   * occurrences of one field by ","). Only -Y and -T fields: nothing that would change dissection.
   */
  public static List<String> fields(Path file, String filter, String... fields) {
    List<String> args = new ArrayList<>(List.of("-Y", filter, "-T", "fields", "-E", "separator=|"));
    for (String field : fields) {
      args.add("-e");
      args.add(field);
    }
    return run(file, args);
  }

  /** Fails unless the file has no malformed packet, no TCP analysis flag and no bad checksum. */
  public static void assertClean(Path file) {
    assertThat(run(file, List.of("-Y", "_ws.malformed || tcp.analysis.flags")))
        .as("malformed packets or TCP analysis flags")
        .isEmpty();
    // Checksums are only validated when asked; asking changes no dissection.
    assertThat(run(file, List.of(
        "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-Y", "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0")))
        .as("bad checksums")
        .isEmpty();
  }

  /**
   * The TCP ports that tshark gives to a dissector by their number ({@code tshark -G decodes}),
   * such as 44321 (PCP), 44322 (pmproxy) or 57000 (IRC). A connection with either of its ports
   * among them goes to that dissector before TLS or HTTP is looked for, in htapod's files as in
   * any capture, so a test that expects HTTP keeps its connections off them.
   */
  public static Set<Integer> tcpPortsWithDissectors() {
    Set<Integer> ports = new HashSet<>();
    for (String line : lines(List.of("tshark", "-G", "decodes"))) {
      String[] fields = line.split("\t");
      if (fields.length == 3 && fields[0].equals("tcp.port")) {
        ports.add(Integer.parseInt(fields[1]));
      }
    }
    assertThat(ports).as("the TCP ports in tshark -G decodes (HTTP's 80 among them)").contains(80);
    return Set.copyOf(ports);
  }

  /** The lines tshark prints for {@code file} with {@code args}. */
  static List<String> run(Path file, List<String> args) {
    List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString()));
    command.addAll(args);
    return lines(command);
  }

  /** The lines a tshark {@code command} prints; fails unless it succeeds within a minute. */
  private static List<String> lines(List<String> command) {
    try {
      Path errors = Files.createTempFile("tshark", ".err");
      try {
        Process tshark = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tshark.waitFor(60, TimeUnit.SECONDS)) {
          tshark.destroyForcibly();
          throw new AssertionError("tshark did not finish: " + command);
        }
        assertThat(tshark.exitValue())
            .as("%s failed: %s", command, Files.readString(errors))
            .isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
      } finally {
        Files.delete(errors);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run tshark (apt-get install tshark): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

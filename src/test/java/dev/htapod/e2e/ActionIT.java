package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub action (.github/actions/htapod) with its steps run here as a runner would run them
 * (scripts/emulate-action: GitHub's own steps, setup-java, cache and upload-artifact, are skipped;
 * htapod is this tree's build), against a real server on the loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server for the class, started by its constructor
class ActionIT {
  private static final Path EMULATOR = Path.of("scripts/emulate-action").toAbsolutePath();
  private final HttpTestServer http;
  private final String port;
  private Path workspace;

  ActionIT() throws IOException {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000);
    port = String.valueOf(http.port());
  }

  @BeforeEach
  void useWorkspace(@TempDir Path dir) {
    workspace = dir;
  }

  @AfterAll
  void stopServer() {
    http.close();
  }

  /** The emulator's status, output and the action's outputs, and the job summary's text. */
  private record Run(int status, String output, Map<String, String> outputs, String jobSummary) {}

  private Run action(String... inputs) throws Exception {
    List<String> command = new ArrayList<>(List.of(EMULATOR.toString(), "--workspace", workspace.toString()));
    for (String input : inputs) {
      command.addAll(List.of("--with", input));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int status = process.waitFor();
    Map<String, String> outputs = new LinkedHashMap<>();
    output.lines().filter(line -> line.matches("[a-z-]+=.*"))
        .forEach(line -> outputs.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    Path summary = Path.of(outputs.getOrDefault("summary-file", "/nonexistent"));
    return new Run(status, output, outputs, Files.exists(summary) ? Files.readString(summary) : null);
  }

  private String fetch(String host) {
    return "curl -sS -o /dev/null http://" + host + ":" + port + "/hello";
  }

  @Test
  void enforceModeFailsTheStepOnRefusedEgressAndSummarizesIt() throws Exception {
    Files.write(workspace.resolve("policy.txt"), List.of("site.test:" + port));
    Run run = action("run=" + fetch("site.test") + "; " + fetch("new.test") + " || true",
        "policy=policy.txt", "mode=enforce", "har=run.har", "upload=traffic",
        "args=--resolve site.test=127.0.0.1 --resolve 'new.test=127.0.0.1'");
    assertThat(run.status()).as(run.output()).isEqualTo(122);
    assertThat(run.output()).contains(
        "emulate-action: skipped (done on GitHub's side): Set up Java 17 (uses actions/setup-java@v4)",
        "::error title=htapod::the egress policy policy.txt refused a destination");
    assertThat(run.outputs()).containsEntry("status", "122").containsEntry("har", "run.har");
    assertThat(run.jobSummary()).startsWith("### htapod\n\n2 hosts, 1 request, ")
        .contains("#### Refused by the egress policy", "| DNS new.test | not allowed | curl\\[")
        .isEqualTo(Files.readString(Path.of(run.outputs().get("summary"))));
    assertThat(run.jobSummary().lines()).anyMatch(line -> line.startsWith("| site.test | 1 | 200 ×1 | "));
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(workspace.resolve("run.har").toFile()).at("/log/entries/0/request/url").asText())
        .isEqualTo("http://site.test:" + port + "/hello");
    List<String> report = Files.readAllLines(Path.of(run.outputs().get("report")));
    assertThat(report).anySatisfy(line -> assertThat(json.readTree(line).get("type").asText()).isEqualTo("deny"));
  }

  @Test
  void auditModeKeepsTheCommandsStatusAndLearnsWhatItUsed() throws Exception {
    Files.write(workspace.resolve("policy.txt"), List.of("site.test:" + port));
    Run run = action("run=" + fetch("site.test") + "; " + fetch("new.test"), "policy=policy.txt", "mode=audit",
        "learn=learned.txt", "args=--resolve site.test=127.0.0.1 --resolve new.test=127.0.0.1");
    assertThat(run.status()).as(run.output()).isZero();
    assertThat(run.outputs()).containsEntry("status", "0").containsEntry("report", "");
    assertThat(run.output()).contains("AUDIT DNS new.test: not allowed by curl[");
    assertThat(run.jobSummary()).contains("#### Outside the egress policy (audit: let through)",
        "new.test:" + port + "  # would be refused: curl x1");
    assertThat(Files.readAllLines(workspace.resolve("learned.txt"))).contains(
        "site.test:" + port, "new.test:" + port + "  # would be refused: curl x1");

    Run failing = action("run=exit 3");
    assertThat(failing.status()).as("the step ends as the command did").isEqualTo(3);
    assertThat(failing.outputs()).containsEntry("status", "3");
    assertThat(failing.jobSummary()).isEqualTo("### htapod\n\nNo network traffic.\n");
  }

  @Test
  void aBadModeStopsTheActionBeforeItRuns() throws Exception {
    Run run = action("run=echo ran", "mode=strict");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.output()).contains("::error title=htapod::mode must be enforce or audit, not 'strict'")
        .doesNotContain("ran\n");
    Run audit = action("run=echo ran", "mode=audit");
    assertThat(audit.status()).isEqualTo(2);
    assertThat(audit.output()).contains("::error title=htapod::mode audit needs a policy file to audit");
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --policy, --learn and --audit with real clients: a run learns its destinations, a later run
 * enforces them; the Markdown summary of --summary-md and $GITHUB_STEP_SUMMARY tells what it
 * refused or would have. Every name resolves to a server on the host's loopback (--resolve).
 */
class PolicyFileIT {
  private static HttpTestServer http;
  private static String port;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    http = new HttpTestServer(InetAddress.getLoopbackAddress(), 1000);
    port = String.valueOf(http.port());
  }

  @AfterAll
  static void stopServer() {
    http.close();
  }

  /** htapod's arguments: the test names, then {@code options}, then {@code sh -c script}. */
  private static Result run(List<String> options, String script) throws Exception {
    return HtapodProcess.run(arguments(options, script));
  }

  /** As {@link #run(List, String)}, with {@code env} added to htapod's environment. */
  private Result run(Map<String, String> env, List<String> options, String script) throws Exception {
    return HtapodProcess.run(HtapodProcess.builder(env, dir, arguments(options, script)), "");
  }

  private static String[] arguments(List<String> options, String script) {
    List<String> args = new ArrayList<>(List.of("--resolve", "site.test=127.0.0.1", "--resolve", "other.test=127.0.0.1",
        "--resolve", "new.test=127.0.0.1"));
    args.addAll(options);
    args.addAll(List.of("--", "sh", "-c", script));
    return args.toArray(String[]::new);
  }

  /** A line of the script that fetches {@code url} with curl and prints "NAME=exit status". */
  private static String curl(String name, String host) {
    return "curl -sS -o /dev/null http://" + host + ":" + port + "/hello; echo " + name + "=$?";
  }

  private static String python(String host) {
    return "python3 -c 'import urllib.request; urllib.request.urlopen(\"http://" + host + ":" + port
        + "/hello\").read()'";
  }

  @Test
  void aRunLearnsItsDestinationsAndALaterRunEnforcesThem() throws Exception {
    Path policy = dir.resolve("policy.txt");
    // -q: no report lines, but the file still names the processes.
    Result learning = run(List.of("-q", "--learn", policy.toString()),
        curl("site", "site.test") + "; " + curl("again", "site.test") + "; " + python("other.test"));
    assertThat(learning.status()).as(learning.stderr()).isZero();
    assertThat(learning.stderr()).isEmpty();
    assertThat(Files.readAllLines(policy)).containsExactly(
        "# Destinations learned by htapod --learn; one pattern a line, !PATTERN refuses (htapod --help).",
        "other.test:" + port + "  # python3 x1",
        "site.test:" + port + "  # curl x2");

    // The command shrugs the refusal off; the run fails all the same.
    Result enforced = run(List.of("--policy", policy.toString()),
        curl("site", "site.test") + "; " + python("other.test") + " && echo other=0; " + curl("new", "new.test") + "; true");
    assertThat(enforced.stdout()).as(enforced.stderr()).isEqualTo("site=0\nother=0\nnew=6\n"); // 6: not resolved
    assertThat(enforced.status()).isEqualTo(122);
    assertThat(enforced.stderrLines()).contains(
        "DENY DNS new.test: not allowed",
        "POLICY + new.test  # refused: curl x1",
        "htapod: the egress policy refused 1 destination(s) (see the DENY lines): exit status 122");
    assertThat(enforced.stderr()).contains("DENY DNS new.test: not allowed by curl[");
  }

  @Test
  void learningWithAPolicyKeepsWhatTheFileHeldAndAddsTheRestForReview() throws Exception {
    Path policy = dir.resolve("policy.txt");
    List<String> reviewed = List.of(
        "# reviewed by ops",
        "site.test:" + port + "   # the site",
        "!192.0.2.0/24",
        "gone.test:443");
    Files.write(policy, reviewed);
    Result result = run(List.of("--policy", policy.toString(), "--learn", policy.toString(), "-v"),
        // The address first: once site.test resolved to the gateway, the gateway would be site.test.
        curl("address", "10.0.2.2") + "; " + curl("site", "site.test") + "; true");
    assertThat(result.stdout()).as(result.stderr()).isEqualTo("address=7\nsite=0\n");
    assertThat(result.status()).isEqualTo(122);
    assertThat(result.stderrLines()).contains(
        "DENY 127.0.0.1:" + port + ": not allowed",
        "POLICY + 127.0.0.1:" + port + "  # refused: curl x1",
        "POLICY - gone.test:443  # " + policy + ":4: nothing used it");
    List<String> expected = new ArrayList<>(reviewed);
    expected.addAll(List.of("", "# learned by htapod --learn", "127.0.0.1:" + port + "  # refused: curl x1"));
    assertThat(Files.readAllLines(policy)).isEqualTo(expected);
  }

  @Test
  void auditLetsEverythingThroughAndNamesWhatItWouldHaveRefused() throws Exception {
    Path policy = dir.resolve("policy.txt");
    Files.write(policy, List.of("site.test:" + port));
    Result result = run(List.of("--policy", policy.toString(), "--audit"),
        curl("site", "site.test") + "; " + curl("new", "new.test") + "; " + python("new.test") + "; exit 3");
    assertThat(result.stdout()).as(result.stderr()).isEqualTo("site=0\nnew=0\n");
    assertThat(result.status()).as("the command's own status").isEqualTo(3);
    assertThat(result.stderrLines()).noneMatch(line -> line.startsWith("DENY"))
        .contains("AUDIT DNS new.test: not allowed", "AUDIT 127.0.0.1:" + port + " (new.test): not allowed",
            "POLICY + new.test:" + port + "  # would be refused: curl x1, python3 x1")
        .filteredOn(line -> line.startsWith("AUDIT 127.0.0.1")).hasSize(2); // one a connection
    assertThat(result.stderr()).contains("AUDIT 127.0.0.1:" + port + " (new.test): not allowed by python3[");

    Result json = run(List.of("--policy", policy.toString(), "--audit", "--format", "json", "-o", "-"),
        "curl -sS -o /dev/null http://new.test:" + port + "/hello");
    assertThat(json.status()).isZero();
    assertThat(json.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith(
        "{\"type\":\"audit\",\"protocol\":\"tcp\",\"host\":\"new.test\",\"ip\":\"127.0.0.1\",\"port\":" + port
            + ",\"deniedBy\":null,\"reason\":\"not allowed\",\"process\":{\"pid\":3,\"name\":\"curl\","));
    assertThat(json.stdout().lines().reduce((first, last) -> last).orElseThrow()).contains(
        "\"destinations\":[{\"pattern\":\"new.test:" + port + "\",\"host\":\"new.test\",\"ip\":\"127.0.0.1\",\"port\":"
            + port + ",\"verdict\":\"audited\",\"processes\":{\"curl\":1}}],"
            + "\"unusedPolicyLines\":[{\"file\":\"" + policy + "\",\"line\":1,\"pattern\":\"site.test:" + port + "\"}]}");
  }

  @Test
  void aMalformedPolicyLineIsOneLineAndStatus2() throws Exception {
    Path policy = dir.resolve("policy.txt");
    Files.write(policy, List.of("# fine", "site.test:443", "exa mple.test:443"));
    Result result = HtapodProcess.run("--policy", policy.toString(), "--", "true");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.stderrLines()).containsExactly("htapod: " + policy + ":3: 'exa mple.test:443' is not a valid"
        + " pattern: 'exa mple.test' is not a host name, IP address or CIDR block (see htapod --help)");

    Result missing = HtapodProcess.run("--policy", dir.resolve("none.txt").toString(), "--", "true");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.stderrLines()).containsExactly(
        "htapod: --policy " + dir.resolve("none.txt") + ": no such file (see htapod --help)");

    Result audit = HtapodProcess.run("--audit", "--", "true");
    assertThat(audit.status()).isEqualTo(2);
    assertThat(audit.stderrLines()).containsExactly(
        "htapod: --audit needs a policy to audit: --policy FILE (or --allow, --deny) (see htapod --help)");
  }

  @Test
  void aLearnFileThatCannotBeWrittenStopsTheRunBeforeTheCommand() throws Exception {
    Path learn = dir.resolve("missing").resolve("policy.txt");
    Result result = HtapodProcess.run("--learn", learn.toString(), "--", "sh", "-c", "echo ran");
    assertThat(result.status()).isEqualTo(125);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderrLines()).containsExactly("htapod: cannot write the --learn file " + learn + ": no such directory");
  }

  @Test
  void anEnforcedRunSummarizesItsHostsAndRefusalsInBothFiles() throws Exception {
    Path policy = dir.resolve("policy.txt");
    Files.write(policy, List.of("site.test:" + port));
    Path summary = dir.resolve("summary.md");
    Files.writeString(summary, "an older run's summary\n");
    Path step = dir.resolve("step-summary.md");
    Files.writeString(step, "## an earlier step\n");
    // -q: no report lines, but the summary still names the processes.
    Result result = run(Map.of("GITHUB_STEP_SUMMARY", step.toString()),
        List.of("-q", "--policy", policy.toString(), "--summary-md", summary.toString()),
        "curl -sS -o /dev/null http://site.test:" + port + "/hello; curl -sS -o /dev/null http://site.test:" + port
            + "/nope; curl -sS -o /dev/null 'http://new.test:" + port + "/a|b'; true");
    assertThat(result.status()).as(result.stderr()).isEqualTo(122);

    String markdown = Files.readString(summary);
    assertThat(markdown).doesNotContain("an older run").startsWith("### htapod\n\n2 hosts, 2 requests, ");
    assertThat(markdown.lines()).contains(
        "| host | requests | statuses | sent | received | errors | refused |",
        "#### Refused by the egress policy",
        "new.test  # refused: curl x1");
    assertThat(markdown.lines()).anyMatch(line -> line.matches(
        "\\| site\\.test \\| 2 \\| 200 ×1, 404 ×1 \\| \\d+ B \\| \\d+ B \\| 0 \\| 0 \\|"));
    // The pipe in curl's argument is escaped, or it would end the cell.
    assertThat(markdown.lines()).anyMatch(line -> line.matches(
        "\\| DNS new\\.test \\| not allowed \\| curl\\\\\\[\\d+\\\\\\] \\| curl -sS -o /dev/null 'http://new\\.test:"
            + port + "/a\\\\\\|b' \\|"));
    assertThat(Files.readString(step)).isEqualTo("## an earlier step\n\n" + markdown);
  }

  @Test
  void anAuditedRunSummarizesWhatItWouldHaveRefusedAndItsErrors() throws Exception {
    Path policy = dir.resolve("policy.txt");
    Files.write(policy, List.of("site.test:" + port));
    Path summary = dir.resolve("summary.md");
    int closed = LocalPorts.free();
    Result result = run(Map.of("GITHUB_STEP_SUMMARY", ""),
        List.of("--policy", policy.toString(), "--audit", "--summary-md", summary.toString()),
        "curl -sS -o /dev/null http://new.test:" + port + "/hello; curl -sS -o /dev/null http://site.test:" + closed
            + "/; exit 3");
    assertThat(result.status()).as(result.stderr()).isEqualTo(3);

    List<String> lines = Files.readAllLines(summary);
    assertThat(lines).contains("#### Outside the egress policy (audit: let through)", "#### Errors (1)",
        "new.test:" + port + "  # would be refused: curl x1");
    assertThat(lines).anyMatch(line -> line.matches(
        "\\| new\\.test \\| 1 \\| 200 ×1 \\| \\d+ B \\| \\d+ B \\| 0 \\| 0 \\|"));
    assertThat(lines).anyMatch(line -> line.matches("\\| 127\\.0\\.0\\.1:" + port
        + " \\(new\\.test\\) \\| not allowed \\| curl\\\\\\[\\d+\\\\\\] \\| curl -sS -o /dev/null http://new\\.test:"
        + port + "/hello \\|"));
    assertThat(lines).anyMatch(line -> line.matches("\\| TCP 127\\.0\\.0\\.1:" + closed
        + " \\(site\\.test\\) \\| refused \\| curl\\\\\\[\\d+\\\\\\] \\|"));
    assertThat(dir.resolve("step-summary.md")).doesNotExist();
  }

  @Test
  void aSummaryFileThatCannotBeWrittenStopsTheRunBeforeTheCommand() throws Exception {
    Path missing = dir.resolve("missing").resolve("summary.md");
    // Named by the option, then by the variable.
    for (ProcessBuilder htapod : List.of(
        HtapodProcess.builder(Map.of(), dir, "--summary-md", missing.toString(), "--", "sh", "-c", "echo ran"),
        HtapodProcess.builder(Map.of("GITHUB_STEP_SUMMARY", missing.toString()), dir, "--", "sh", "-c", "echo ran"))) {
      Result result = HtapodProcess.run(htapod, "");
      assertThat(result.stdout()).as("the command did not run").isEmpty();
      assertThat(result.stderrLines()).containsExactly(
          "htapod: cannot write the Markdown summary file " + missing + ": no such directory");
      assertThat(result.status()).isEqualTo(125);
    }
  }
}

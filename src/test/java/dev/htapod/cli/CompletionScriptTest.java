package dev.htapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion script the build writes to target/completion/htapod: sourced in bash, its
 * completion function is called as bash would call it (COMP_WORDS, COMP_CWORD) and its candidates
 * compared. A directory on PATH holds one command, {@code tapped-tool}, and one file, {@code
 * notes.txt} and {@code two words.txt}, so that command and file candidates are known.
 */
class CompletionScriptTest {
  private static final Path SCRIPT = Path.of("target", "completion", "htapod");
  private static final Path BASH_COMPLETION = Path.of("/usr/share/bash-completion/bash_completion");

  @TempDir static Path dir;

  @BeforeAll
  static void toolOnPath() throws IOException {
    assertThat(SCRIPT).as("built by mvn process-classes").isRegularFile();
    Path tool = dir.resolve("tapped-tool");
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("notes.txt"), "");
    Files.writeString(dir.resolve("two words.txt"), "");
  }

  @Test
  void registersItsFunctionForHtapod() throws Exception {
    assertThat(bash("source \"$SCRIPT\"; complete -p htapod")).containsExactly("complete -o default -F _htapod htapod");
  }

  @Test
  void completesHtapodsOptionsAndTheirValues() throws Exception {
    assertThat(complete("htapod", "--form")).containsExactly("--format");
    assertThat(complete("htapod", "-v", "--no-")).containsExactlyInAnyOrder("--no-decrypt", "--no-ipv6");
    assertThat(complete("htapod", "--format", "")).containsExactly("text", "json");
    assertThat(complete("htapod", "--color", "a")).containsExactly("auto", "always");
    assertThat(complete("htapod", "--har", dir + "/no")).containsExactly(dir + "/notes.txt");
  }

  @Test
  void completesTheCommandAfterTheOptions() throws Exception {
    assertThat(complete("htapod", "tapped-t")).containsOnly("tapped-tool");
    assertThat(complete("htapod", "-q", "--", "tapped-t")).containsOnly("tapped-tool");
    // Option values are skipped, also where bash splits them at = and :.
    assertThat(complete("htapod", "-o", "report.txt", "tapped-t")).containsOnly("tapped-tool");
    assertThat(complete("htapod", "--format", "=", "json", "tapped-t")).containsOnly("tapped-tool");
    assertThat(complete("htapod", "--dns", "127.0.0.1", ":", "53", "tapped-t")).containsOnly("tapped-tool");
    assertThat(complete("htapod", "--map", "192.0.2.1", ":", "80", "=", "127.0.0.1", "tapped-t"))
        .containsOnly("tapped-tool");
  }

  @Test
  void theCommandsArgumentsAreItsOwn() throws Exception {
    // Without bash-completion: files. htapod's options end at the command.
    assertThat(complete("htapod", "--", "tapped-tool", dir + "/no")).containsExactly(dir + "/notes.txt");
    assertThat(complete("htapod", "--", "tapped-tool", dir + "/two")).containsExactly(dir + "/two words.txt");
    assertThat(complete("htapod", "-v", "tapped-tool", "--form")).isEmpty();
  }

  @Test
  void theCommandsOwnCompletionWhereBashCompletionIsLoaded() throws Exception {
    assumeTrue(Files.exists(BASH_COMPLETION), "scripts/test installs bash-completion");
    String setUp = "source " + BASH_COMPLETION + "; complete -W 'alpha beta' tapped-tool; ";
    assertThat(completeAfter(setUp, "htapod", "--", "tapped-tool", "al")).containsExactly("alpha");
    assertThat(completeAfter(setUp, "htapod", "--quiet", "tapped-tool", "")).containsExactly("alpha", "beta");
    assertThat(completeAfter(setUp, "htapod", "--fo")).containsExactly("--format");
  }

  private static List<String> complete(String... words) throws Exception {
    return completeAfter("", words);
  }

  /** Runs {@code setUp}, then htapod's completion function on {@code words}; the last is the one completed. */
  private static List<String> completeAfter(String setUp, String... words) throws Exception {
    String call = setUp
        + "source \"$SCRIPT\"\n"
        + "function=$(complete -p htapod | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n"
        + "COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
        + "COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}\n"
        // compopt complains outside a real completion; the candidates are what matters here.
        + "\"$function\" htapod \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD - 1]}\" 2>/dev/null\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    return bash(call, words);
  }

  private static List<String> bash(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c", script, "bash"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("SCRIPT", SCRIPT.toAbsolutePath().toString());
    builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("bash's status").isZero();
    return out.lines().filter(line -> !line.isEmpty()).distinct().toList();
  }
}

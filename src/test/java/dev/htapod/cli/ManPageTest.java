package dev.htapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man page the build writes to target/man/htapod.1, as man(1) shows it. */
class ManPageTest {
  private static final Path PAGE = Path.of("target", "man", "htapod.1");
  private static final CommandSpec SPEC = new CommandLine(new HtapodCommand()).getCommandSpec();

  private static String shown;

  @BeforeAll
  static void render() throws Exception {
    assertThat(PAGE).as("built by mvn process-classes").isRegularFile();
    Path errors = Files.createTempFile("man", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder("man", "--warnings", "-l", PAGE.toString()).redirectError(errors.toFile());
      builder.environment().putAll(Map.of("MANWIDTH", "80", "LC_ALL", "C", "MANPAGER", "cat"));
      Process man = builder.start();
      String out = new String(man.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(man.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(man.exitValue()).isZero();
      assertThat(Files.readString(errors)).as("man's warnings").isEmpty();
      shown = out.replaceAll("\\s+", " "); // descriptions wrap at any space
    } finally {
      Files.delete(errors);
    }
  }

  @Test
  void hasTheSectionsOfAManPage() {
    assertThat(shown)
        .startsWith("HTAPOD(1) htapod Manual HTAPOD(1) NAME htapod - ")
        .containsSubsequence(
            " SYNOPSIS htapod [OPTION...] [--] COMMAND [ARG...]",
            " DESCRIPTION ", " OPTIONS ", " Output ", " Interception ", " Network ", " ARGUMENTS ",
            " EXIT STATUS ", " EXAMPLES ", " SEE ALSO ");
  }

  @Test
  void describesEveryOptionAsTheUsageHelpDoes() {
    for (OptionSpec option : SPEC.options()) {
      String names = String.join(", ", option.names()) + (option.arity().max() > 0 ? "=" + option.paramLabel() : "");
      String description = String.join(" ", option.description()).replace('\'', ' ');
      assertThat(shown.replace('\'', ' ')).contains(" " + names + " " + description + " ");
    }
  }

  @Test
  void listsTheExitStatuses() {
    SPEC.usageMessage().exitCodeList().forEach((status, meaning) ->
        assertThat(shown.replace('\'', ' ')).contains(" " + status + " " + meaning.replace('\'', ' ') + " "));
  }
}

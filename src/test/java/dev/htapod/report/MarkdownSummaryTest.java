package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HostSummary;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.SummaryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Markdown summary: cells escaped, tables cut short, appended after what the file held. */
class MarkdownSummaryTest {
  @TempDir Path dir;

  private List<String> summarize(List<HostSummary> hosts, List<ErrorEvent> errors) throws Exception {
    Path file = dir.resolve("summary.md");
    Files.writeString(file, "earlier\n");
    try (SummaryFile out = SummaryFile.appending(file)) {
      MarkdownSummary summary = new MarkdownSummary(List.of(out));
      errors.forEach(summary::error);
      summary.summary(new SummaryEvent(hosts, List.of(), List.of(), List.of()));
    }
    return Files.readAllLines(file);
  }

  private static HostSummary host(String name, long requests) {
    return new HostSummary(name, requests, Map.of(200, requests), 100, 2048, 0, 0);
  }

  @Test
  void escapesWhatWouldEndACellOrStartMarkup() throws Exception {
    ProcessInfo process = new ProcessInfo(3, "a|b", "/bin/sh", List.of("sh", "-c", "echo *x* <b> | tr ~ _"), List.of());
    List<String> lines = summarize(List.of(host("site.test", 1)),
        List.of(new ErrorEvent("https://site.test/a|b", "no [link](x) & `code`\nsecond line", process)));
    assertThat(lines).startsWith("earlier", "", "### htapod", "", "1 host, 1 request, 100 B sent, 2.0 KiB received")
        .contains("| site.test | 1 | 200 ×1 | 100 B | 2.0 KiB | 0 | 0 |", "#### Errors (1)",
            "| https://site.test/a\\|b | no \\[link\\](x) &amp; \\`code\\` second line | a\\|b\\[3\\] |");
    assertThat(MarkdownText.cell(MarkdownText.commandLine(process.argv())))
        .isEqualTo("sh -c 'echo \\*x\\* &lt;b&gt; \\| tr &#126; \\_'");
  }

  @Test
  void keepsTheBusiestHostsAndCountsTheRest() throws Exception {
    List<HostSummary> hosts = IntStream.rangeClosed(1, MarkdownSummary.MAX_HOSTS + 3)
        .mapToObj(i -> host("h" + i + ".test", i)).toList();
    List<String> lines = summarize(hosts, List.of());
    List<String> rows = lines.stream().filter(line -> line.matches("\\| (h\\d|\\*).*")).toList();
    assertThat(rows).hasSize(MarkdownSummary.MAX_HOSTS + 1);
    assertThat(rows.get(0)).startsWith("| h18.test | 18 |");
    assertThat(rows.get(rows.size() - 1)).isEqualTo("| *and 3 more hosts* | 6 |  | 300 B | 6.0 KiB | 0 | 0 |");
  }
}

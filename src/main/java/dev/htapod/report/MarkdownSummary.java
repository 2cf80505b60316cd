package dev.htapod.report;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HostSummary;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TcpOutcome;
import dev.htapod.policy.PolicyMerge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The run's summary in Markdown, for a CI job's page ({@code $GITHUB_STEP_SUMMARY}) or a file of
 * its own: a table of the hosts (requests by status, bytes, errors, refusals), the destinations
 * the egress policy refused or would have refused with the process behind each, the lines that
 * would let them in, and the errors. Short on purpose: each table stops after a few rows and says
 * how many it left out. Called on the report thread; written once, when the summary comes.
 */
public final class MarkdownSummary implements TapListener {
  static final int MAX_HOSTS = 15;
  static final int MAX_REFUSALS = 10;
  static final int MAX_ERRORS = 10;

  private final List<SummaryFile> files;
  /** Refusals and audits, one row per destination and process name, in the order first seen. */
  private final Map<String, Refusal> refusals = new LinkedHashMap<>();
  private final List<Problem> errors = new ArrayList<>();
  private long errorCount;

  /** A refused (or audited) destination, the first process that tried it, and how often. */
  private static final class Refusal {
    final String destination;
    final String reason;
    final ProcessInfo process;
    long times;

    Refusal(String destination, String reason, ProcessInfo process) {
      this.destination = destination;
      this.reason = reason;
      this.process = process;
    }
  }

  /** An error as a row: what it concerns, why, and whose flow it was. */
  private record Problem(String subject, String message, ProcessInfo process) {}

  /** @param files where the summary goes, each written once at the end */
  public MarkdownSummary(List<SummaryFile> files) {
    this.files = List.copyOf(files);
  }

  @Override
  public void deny(DenyEvent denial) {
    refusal(denial);
  }

  @Override
  public void audit(DenyEvent audit) {
    refusal(audit);
  }

  private void refusal(DenyEvent denial) {
    String destination = TextReporter.destination(denial);
    String name = denial.process() == null ? "" : denial.process().name();
    refusals.computeIfAbsent(destination + "\0" + denial.reason() + "\0" + name,
        key -> new Refusal(destination, denial.reason(), denial.process())).times++;
  }

  @Override
  public void error(ErrorEvent error) {
    problem(new Problem(error.subject(), error.message(), error.process()));
  }

  /** An exchange without a response, which the host table counts as an error. */
  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    if (exchange.response() == null) {
      problem(new Problem(exchange.method() + " " + exchange.url(),
          exchange.error() == null ? "no response" : exchange.error(), exchange.process()));
    }
  }

  /** A connection that never opened; one htapod failed to dial comes with an error event instead. */
  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    if (flow.outcome().neverOpened() && flow.outcome() != TcpOutcome.FAILED) {
      problem(new Problem("TCP " + TextReporter.endpoint(flow.ip(), flow.port()) + TextReporter.name(flow.host()),
          flow.outcome().text(), flow.process()));
    }
  }

  private void problem(Problem problem) {
    errorCount++;
    if (errors.size() < MAX_ERRORS) {
      errors.add(problem);
    }
  }

  @Override
  public void summary(SummaryEvent summary) {
    StringBuilder out = new StringBuilder();
    hosts(out, summary.hosts());
    refusals(out, summary.destinations());
    errors(out);
    String markdown = out.toString();
    files.forEach(file -> file.write(markdown));
  }

  /** The heading, the run in one line, and a row per host. */
  private static void hosts(StringBuilder out, List<HostSummary> hosts) {
    long requests = hosts.stream().mapToLong(HostSummary::requests).sum();
    long sent = hosts.stream().mapToLong(HostSummary::bytesOut).sum();
    long received = hosts.stream().mapToLong(HostSummary::bytesIn).sum();
    out.append("### htapod\n\n");
    if (hosts.isEmpty()) {
      out.append("No network traffic.\n");
      return;
    }
    out.append(MarkdownText.count(hosts.size(), "host")).append(", ").append(MarkdownText.count(requests, "request"))
        .append(", ").append(MarkdownText.bytes(sent)).append(" sent, ").append(MarkdownText.bytes(received))
        .append(" received");
    long errors = hosts.stream().mapToLong(HostSummary::errors).sum();
    long denied = hosts.stream().mapToLong(HostSummary::denied).sum();
    out.append(errors > 0 ? ", " + MarkdownText.count(errors, "error") : "")
        .append(denied > 0 ? ", " + denied + " refused" : "").append("\n\n");
    out.append("| host | requests | statuses | sent | received | errors | refused |\n");
    out.append("| :--- | ---: | :--- | ---: | ---: | ---: | ---: |\n");
    // The busiest first: by requests, then bytes.
    List<HostSummary> sorted = hosts.stream()
        .sorted((a, b) -> a.requests() != b.requests() ? Long.compare(b.requests(), a.requests())
            : Long.compare(b.bytesIn() + b.bytesOut(), a.bytesIn() + a.bytesOut()))
        .toList();
    sorted.stream().limit(MAX_HOSTS).forEach(host -> out.append("| ").append(MarkdownText.cell(host.host()))
        .append(" | ").append(host.requests()).append(" | ").append(statuses(host.statuses()))
        .append(" | ").append(MarkdownText.bytes(host.bytesOut())).append(" | ").append(MarkdownText.bytes(host.bytesIn()))
        .append(" | ").append(host.errors()).append(" | ").append(host.denied()).append(" |\n"));
    if (sorted.size() > MAX_HOSTS) {
      List<HostSummary> rest = sorted.subList(MAX_HOSTS, sorted.size());
      out.append("| *and ").append(MarkdownText.count(rest.size(), "more host")).append("* | ")
          .append(rest.stream().mapToLong(HostSummary::requests).sum()).append(" |  | ")
          .append(MarkdownText.bytes(rest.stream().mapToLong(HostSummary::bytesOut).sum())).append(" | ")
          .append(MarkdownText.bytes(rest.stream().mapToLong(HostSummary::bytesIn).sum())).append(" | ")
          .append(rest.stream().mapToLong(HostSummary::errors).sum()).append(" | ")
          .append(rest.stream().mapToLong(HostSummary::denied).sum()).append(" |\n");
    }
  }

  /** "200 ×4, 404 ×1". */
  private static String statuses(Map<Integer, Long> statuses) {
    StringJoiner text = new StringJoiner(", ");
    statuses.forEach((status, count) -> text.add(status + " ×" + count));
    return text.toString();
  }

  /** What the policy refused or would have refused, who tried it, and the lines to let it in. */
  private void refusals(StringBuilder out, List<DestinationUse> destinations) {
    List<DestinationUse> outside = destinations.stream()
        .filter(use -> use.verdict() != DestinationUse.Verdict.ALLOWED).toList();
    if (refusals.isEmpty() && outside.isEmpty()) {
      return;
    }
    boolean refused = outside.isEmpty() || outside.stream().anyMatch(use -> use.verdict() == DestinationUse.Verdict.REFUSED);
    out.append(refused ? "\n#### Refused by the egress policy\n\n"
        : "\n#### Outside the egress policy (audit: let through)\n\n");
    if (!refusals.isEmpty()) {
      out.append("| destination | why | process | command line |\n| :--- | :--- | :--- | :--- |\n");
      refusals.values().stream().limit(MAX_REFUSALS).forEach(refusal -> out.append("| ")
          .append(MarkdownText.cell(refusal.destination)).append(" | ").append(MarkdownText.cell(refusal.reason))
          .append(" | ").append(process(refusal.process)).append(refusal.times > 1 ? " ×" + refusal.times : "")
          .append(" | ").append(refusal.process == null ? "" : MarkdownText.cell(MarkdownText.commandLine(refusal.process.argv())))
          .append(" |\n"));
      if (refusals.size() > MAX_REFUSALS) {
        out.append("\nand ").append(MarkdownText.count(refusals.size() - MAX_REFUSALS, "more row")).append("\n");
      }
    }
    if (!outside.isEmpty()) {
      out.append("\nThe policy lines that would let them in (as `--learn` writes them):\n\n```\n");
      outside.stream().limit(MAX_REFUSALS).forEach(use ->
          out.append((use.pattern() + "  # " + PolicyMerge.comment(use)).replace('`', '\'')).append('\n'));
      if (outside.size() > MAX_REFUSALS) {
        out.append("# and ").append(outside.size() - MAX_REFUSALS).append(" more\n");
      }
      out.append("```\n");
    }
  }

  private void errors(StringBuilder out) {
    if (errorCount == 0) {
      return;
    }
    out.append("\n#### Errors (").append(errorCount).append(")\n\n");
    out.append("| what | error | process |\n| :--- | :--- | :--- |\n");
    errors.forEach(problem -> out.append("| ").append(MarkdownText.cell(problem.subject())).append(" | ")
        .append(MarkdownText.cell(problem.message())).append(" | ").append(process(problem.process())).append(" |\n"));
    if (errorCount > errors.size()) {
      out.append("\nand ").append(MarkdownText.count(errorCount - errors.size(), "more error")).append("\n");
    }
  }

  /** "curl[5]", or "unknown". */
  private static String process(ProcessInfo process) {
    return process == null ? "unknown" : MarkdownText.cell(process.name() + "[" + process.pid() + "]");
  }
}

package dev.htapod.report;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TlsInfo;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.api.WebSocketMessageEvent;
import dev.htapod.policy.PolicyMerge;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Report lines for people and grep: one event a line (see the README, "Output"). */
public final class TextReporter implements TapListener {
  /**
   * What the lines show.
   *
   * @param headers request and response headers
   * @param bodies request and response bodies
   * @param color ANSI colours
   * @param verbose WebSocket messages too
   * @param requestsWithResponses a request's line only with its response's (for --grep)
   * @param hostSummary a summary line per host at the end
   * @param processSummary a summary line per process at the end, after the hosts'
   * @param policyDiff at the end, the destinations outside the policy files (and, verbose, their
   *     lines nothing used)
   */
  public record Style(boolean headers, boolean bodies, boolean color, boolean verbose,
      boolean requestsWithResponses, boolean hostSummary, boolean processSummary, boolean policyDiff) {}

  private final PrintStream out;
  private final Style style;
  private final HttpLines http;

  public TextReporter(OutputStream out, Style style) {
    this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    this.style = style;
    this.http = new HttpLines(style.headers(), style.bodies(), new Palette(style.color()));
  }

  @Override
  public void httpRequest(HttpExchangeEvent exchange) {
    if (!style.requestsWithResponses()) {
      line(http.request(exchange));
    }
  }

  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    if (style.requestsWithResponses()) {
      line(http.request(exchange) + "\n" + http.response(exchange));
    } else {
      line(http.response(exchange));
    }
  }

  /**
   * A line per host, {@code SUMMARY site.test: 5 requests (200 x4, 404 x1), ...}, or per process,
   * {@code SUMMARY curl[2]: 5 requests (...), ..., hosts site.test, other.test}.
   */
  @Override
  public void summary(SummaryEvent summary) {
    if (style.hostSummary()) {
      summary.hosts().forEach(host -> line(counts(host.host(), host.requests(), host.statuses(),
          host.bytesOut(), host.bytesIn(), host.errors(), host.denied())));
    }
    if (style.processSummary()) {
      summary.processes().forEach(process -> line(counts(
          process.process() == null ? "unknown" : By.name(process.process()), process.requests(),
          process.statuses(), process.bytesOut(), process.bytesIn(), process.errors(), process.denied())
          + ", hosts " + String.join(", ", process.hosts())));
    }
    if (style.policyDiff()) {
      policyDiff(summary);
    }
  }

  /**
   * The run against its policy files, as lines to add and lines nothing used: "POLICY +
   * new.test:443  # refused: curl x1" (what --learn would add), "POLICY - old.test:443  #
   * policy.txt:4: nothing used it".
   */
  private void policyDiff(SummaryEvent summary) {
    summary.destinations().stream().filter(use -> use.verdict() != DestinationUse.Verdict.ALLOWED)
        .forEach(use -> line("POLICY + " + use.pattern() + "  # " + PolicyMerge.comment(use)));
    if (style.verbose()) {
      summary.unusedPolicyLines().forEach(unused ->
          line("POLICY - " + unused.pattern() + "  # " + unused.file() + ":" + unused.line() + ": nothing used it"));
    }
  }

  private static String counts(String subject, long requests, Map<Integer, Long> statuses, long bytesOut,
      long bytesIn, long errors, long denied) {
    StringBuilder text = new StringBuilder("SUMMARY ").append(subject).append(": ")
        .append(requests).append(requests == 1 ? " request" : " requests");
    if (!statuses.isEmpty()) {
      StringJoiner shown = new StringJoiner(", ", " (", ")");
      statuses.forEach((status, count) -> shown.add(status + " x" + count));
      text.append(shown);
    }
    return text.append(", ").append(bytesOut).append(" B out, ").append(bytesIn).append(" B in, ")
        .append(errors).append(errors == 1 ? " error, " : " errors, ")
        .append(denied).append(" denied").toString();
  }

  @Override
  public void webSocketMessage(WebSocketMessageEvent message) {
    if (style.verbose()) {
      line(http.webSocket(message));
    }
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    if (flow.outcome().neverOpened()) {
      line("TCP " + endpoint(flow.ip(), flow.port()) + name(flow.host()) + " " + flow.outcome().text() + ", "
          + flow.durationMs() + " ms" + By.flow(flow.process()));
      return;
    }
    line("TCP " + endpoint(flow.ip(), flow.port()) + name(flow.host()) + " " + flow.outcome().text() + ": " + flow.bytesOut()
        + " B out, " + flow.bytesIn() + " B in, " + flow.durationMs() + " ms" + tls(flow.tls())
        + By.flow(flow.process()));
  }

  @Override
  public void udpFlow(UdpFlowEvent flow) {
    line("UDP " + endpoint(flow.ip(), flow.port()) + name(flow.host()) + " " + flow.datagramsOut()
        + " datagrams out, " + flow.datagramsIn() + " in, " + flow.bytesOut() + " B out, "
        + flow.bytesIn() + " B in" + By.flow(flow.process()));
  }

  @Override
  public void icmpFlow(IcmpFlowEvent flow) {
    line("ICMP " + flow.ip() + name(flow.host()) + " " + flow.echoRequests() + " echo requests, "
        + flow.echoReplies() + " replies");
  }

  @Override
  public void dnsQuery(DnsQueryEvent query) {
    String answers = query.answers().isEmpty() ? "(no answer)" : String.join(", ", query.answers());
    line("DNS " + query.qtype() + " " + query.name() + " -> " + answers + By.flow(query.process()));
  }

  @Override
  public void error(ErrorEvent error) {
    line("ERR " + error.subject() + " " + error.message() + By.process(error.process()));
  }

  /**
   * "DENY 192.0.2.7:443 (example.org): not allowed" for a TCP connection, as SPEC shows it; other
   * refusals name their protocol: "DENY UDP 192.0.2.7:53: ...", "DENY ICMP 192.0.2.7: ...",
   * "DENY DNS example.org: ...".
   */
  @Override
  public void deny(DenyEvent denial) {
    line("DENY " + refusal(denial));
  }

  /** What the policy would have refused, let through: "AUDIT 192.0.2.7:443 (example.org): not allowed". */
  @Override
  public void audit(DenyEvent audit) {
    line("AUDIT " + refusal(audit));
  }

  /** What was refused: "192.0.2.7:443 (example.org)", "UDP 192.0.2.7:53", "DNS example.org". */
  static String destination(DenyEvent denial) {
    return switch (denial.protocol()) {
      case "tcp" -> endpoint(denial.ip(), denial.port()) + name(denial.host());
      case "udp" -> "UDP " + endpoint(denial.ip(), denial.port()) + name(denial.host());
      case "icmp" -> "ICMP " + denial.ip() + name(denial.host());
      default -> denial.protocol().toUpperCase(java.util.Locale.ROOT) + " " + denial.host();
    };
  }

  private static String refusal(DenyEvent denial) {
    // A ping's socket cannot be looked up: no process, rather than an unknown one.
    return destination(denial) + ": " + denial.reason()
        + (denial.protocol().equals("icmp") ? By.process(denial.process()) : By.flow(denial.process()));
  }

  /** ", TLS TLSv1.3 h2 decrypted sni=site.test" or ", TLS untouched sni=site.test". */
  private static String tls(TlsInfo tls) {
    if (tls == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(", TLS");
    if (tls.version() != null) {
      text.append(' ').append(tls.version());
    }
    if (tls.protocol() != null) {
      text.append(' ').append(tls.protocol());
    }
    text.append(tls.decrypted() ? " decrypted" : " untouched");
    if (tls.serverName() != null) {
      text.append(" sni=").append(tls.serverName());
    }
    return text.toString();
  }

  static String endpoint(String ip, int port) {
    return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  static String name(String host) {
    return host == null ? "" : " (" + host + ")";
  }

  private void line(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}

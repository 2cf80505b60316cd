package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.DestinationUse.Verdict;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.UdpFlowEvent;
import dev.htapod.api.UnusedPolicyLine;
import dev.htapod.policy.Destination;
import dev.htapod.policy.EgressPattern;
import dev.htapod.policy.PolicyLine;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The destinations the command used or tried, named as policy lines, with the processes that used
 * them: for the summary's policy diff and for {@code --learn}. Its map belongs to the report
 * thread, which calls every method; the run's thread reads {@link #uses} once that thread has
 * ended.
 */
final class DestinationLog implements TapListener {
  /** The allow lines of the policy files, for the ones nothing used. */
  private final List<PolicyLine> allowLines;
  private final Map<String, Use> uses = new HashMap<>();

  /** One destination's uses so far. */
  private static final class Use {
    final String pattern;
    final String host;
    final String ip;
    final int port;
    Verdict verdict = Verdict.ALLOWED;
    final Map<String, Long> processes = new TreeMap<>();

    Use(String pattern, String host, String ip, int port) {
      this.pattern = pattern;
      this.host = host;
      this.ip = ip;
      this.port = port;
    }
  }

  DestinationLog(List<PolicyLine> policyLines) {
    this.allowLines = policyLines.stream().filter(line -> !line.deny()).toList();
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    record(flow.host(), flow.ip(), flow.port(), use -> count(use, flow.process()));
  }

  @Override
  public void udpFlow(UdpFlowEvent flow) {
    record(flow.host(), flow.ip(), flow.port(), use -> count(use, flow.process()));
  }

  @Override
  public void icmpFlow(IcmpFlowEvent flow) {
    record(flow.host(), flow.ip(), 0, use -> count(use, null));
  }

  @Override
  public void deny(DenyEvent denial) {
    record(denial.host(), denial.ip(), denial.port(), use -> {
      use.verdict = Verdict.REFUSED;
      count(use, denial.process());
    });
  }

  /** A lookup is a use of its own; a flow let through is counted by its own event, which follows. */
  @Override
  public void audit(DenyEvent audit) {
    record(audit.host(), audit.ip(), audit.port(), use -> {
      if (use.verdict == Verdict.ALLOWED) {
        use.verdict = Verdict.AUDITED;
      }
      if (audit.protocol().equals("dns")) {
        count(use, audit.process());
      }
    });
  }

  /**
   * Every destination, sorted by name or address, then port. A name refused by the resolver is
   * left out when the command reached it otherwise: its port says more.
   */
  List<DestinationUse> uses() {
    Set<String> reached = uses.values().stream().filter(use -> use.ip != null && use.host != null)
        .map(use -> use.host).collect(Collectors.toSet());
    return uses.values().stream()
        .filter(use -> use.ip != null || !reached.contains(use.host))
        .sorted(Comparator.comparing((Use use) -> (use.host != null ? use.host : use.ip).toLowerCase(Locale.ROOT))
            .thenComparingInt(use -> use.port))
        .map(use -> new DestinationUse(use.pattern, use.host, use.ip, use.port, use.verdict, use.processes))
        .toList();
  }

  /** The policy files' allow lines that no destination let through matched. */
  List<UnusedPolicyLine> unusedPolicyLines() {
    List<Destination> through = uses().stream().filter(use -> use.verdict() != Verdict.REFUSED)
        .map(Destination::of).toList();
    return allowLines.stream().filter(line -> through.stream().noneMatch(line.pattern()::matches))
        .map(line -> new UnusedPolicyLine(line.file(), line.number(), line.pattern().text())).toList();
  }

  /**
   * Applies {@code change} to the destination "site.test:443", or, where no name is known, the
   * address ("[::1]:8080"). A name that is no host name (an address in a Host header, an odd SNI)
   * is left for the address, so that the learned file stays one a policy can read.
   */
  private void record(String host, String ip, int port, Consumer<Use> change) {
    String name = hostName(host);
    if (name == null && ip == null) {
      return;
    }
    String pattern = (name != null ? name : ip.indexOf(':') >= 0 && port > 0 ? "[" + ip + "]" : ip)
        + (port > 0 ? ":" + port : "");
    change.accept(uses.computeIfAbsent(pattern.toLowerCase(Locale.ROOT), key -> new Use(pattern, name, ip, port)));
  }

  private static String hostName(String host) {
    try {
      return host != null && EgressPattern.parse(host).name() != null ? host : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void count(Use use, ProcessInfo process) {
    use.processes.merge(process == null ? "unknown" : process.name(), 1L, Long::sum);
  }
}

package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.DestinationUse;
import dev.htapod.api.DestinationUse.Verdict;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TcpOutcome;
import dev.htapod.api.UnusedPolicyLine;
import dev.htapod.policy.PolicyFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationLogTest {
  private static final ProcessInfo CURL = new ProcessInfo(3, "curl", "/usr/bin/curl", List.of("curl"), List.of());
  private static final ProcessInfo PYTHON = new ProcessInfo(4, "python3", null, List.of(), List.of());

  private static TcpFlowEvent flow(String host, String ip, int port, ProcessInfo process) {
    return new TcpFlowEvent(host, ip, port, TcpOutcome.CLOSED, null, 10, 20, Instant.EPOCH, 1, process);
  }

  @Test
  void eachDestinationIsAPolicyLineWithItsProcesses() {
    DestinationLog log = new DestinationLog(List.of());
    log.tcpFlow(flow("site.test", "127.0.0.1", 443, CURL));
    log.tcpFlow(flow("SITE.test", "127.0.0.1", 443, PYTHON));
    log.tcpFlow(flow("site.test", "127.0.0.1", 443, CURL));
    log.tcpFlow(flow(null, "::1", 8080, null));
    // A Host header with an address, or an odd SNI, is no name: the address stands for it.
    log.tcpFlow(flow("10.0.2.2", "127.0.0.1", 80, CURL));
    log.tcpFlow(flow("bad name", "127.0.0.1", 81, CURL));
    assertThat(log.uses()).containsExactly(
        new DestinationUse("127.0.0.1:80", null, "127.0.0.1", 80, Verdict.ALLOWED, Map.of("curl", 1L)),
        new DestinationUse("127.0.0.1:81", null, "127.0.0.1", 81, Verdict.ALLOWED, Map.of("curl", 1L)),
        new DestinationUse("[::1]:8080", null, "::1", 8080, Verdict.ALLOWED, Map.of("unknown", 1L)),
        new DestinationUse("site.test:443", "site.test", "127.0.0.1", 443, Verdict.ALLOWED,
            Map.of("curl", 2L, "python3", 1L)));
  }

  @Test
  void refusalsAndAuditsMarkTheirDestinationsAndANameAloneGivesWayToItsPort() {
    DestinationLog log = new DestinationLog(List.of());
    log.deny(new DenyEvent("dns", "gone.test", null, 0, null, CURL));
    log.deny(new DenyEvent("tcp", null, "192.0.2.7", 80, "192.0.2.0/24", CURL));
    log.audit(new DenyEvent("dns", "new.test", null, 0, null, CURL));
    log.audit(new DenyEvent("tcp", "new.test", "127.0.0.1", 8080, null, CURL));
    log.tcpFlow(flow("new.test", "127.0.0.1", 8080, CURL));
    assertThat(log.uses()).extracting(DestinationUse::pattern, DestinationUse::verdict, DestinationUse::processes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("192.0.2.7:80", Verdict.REFUSED, Map.of("curl", 1L)),
            org.assertj.core.groups.Tuple.tuple("gone.test", Verdict.REFUSED, Map.of("curl", 1L)),
            org.assertj.core.groups.Tuple.tuple("new.test:8080", Verdict.AUDITED, Map.of("curl", 1L)));
  }

  @Test
  void theAllowLinesNothingLetThroughMatchedAreUnused() {
    PolicyFile policy = PolicyFile.parse("policy.txt", List.of("site.test:443", "!192.0.2.0/24", "*.cdn.test", "old.test"));
    DestinationLog log = new DestinationLog(policy.lines());
    log.tcpFlow(flow("site.test", "127.0.0.1", 443, CURL));
    log.deny(new DenyEvent("tcp", "img.cdn.test", "127.0.0.1", 443, "*.cdn.test", CURL));
    assertThat(log.unusedPolicyLines()).containsExactly(
        new UnusedPolicyLine("policy.txt", 3, "*.cdn.test"), new UnusedPolicyLine("policy.txt", 4, "old.test"));
  }
}

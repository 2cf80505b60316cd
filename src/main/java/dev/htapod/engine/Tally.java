package dev.htapod.engine;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HostSummary;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.ProcessSummary;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TcpOutcome;
import dev.htapod.api.UdpFlowEvent;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Counts the run's events per host and per process for the summary at its end. Called on the
 * report thread.
 */
final class Tally implements TapListener {
  /** The flows of no known process: after every PID. */
  private static final int UNKNOWN = Integer.MAX_VALUE;

  private final Map<String, Counts> hosts = new TreeMap<>();
  private final Map<Integer, ProcessCounts> processes = new TreeMap<>();
  /** The host of each URL's beginning (scheme and authority) seen so far: parsed once, not per request. */
  private final Map<String, String> hostsByOrigin = new HashMap<>();

  /** One host's or process's counts so far. */
  private static class Counts {
    long requests;
    final Map<Integer, Long> statuses = new HashMap<>();
    long bytesOut;
    long bytesIn;
    long errors;
    long denied;
  }

  /** A process's counts, and the hosts it talked to. */
  private static final class ProcessCounts extends Counts {
    final ProcessInfo process;
    final Set<String> hosts = new TreeSet<>();

    ProcessCounts(ProcessInfo process) {
      this.process = process;
    }
  }

  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    count(hostOf(exchange), exchange.process(), counts -> {
      counts.requests++;
      if (exchange.response() == null) {
        counts.errors++;
      } else {
        counts.statuses.merge(exchange.status(), 1L, Long::sum);
      }
    });
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    count(hostOf(flow.host(), flow.ip()), flow.process(), counts -> {
      counts.bytesOut += flow.bytesOut();
      counts.bytesIn += flow.bytesIn();
      // A connection htapod failed to open comes with an error event, which is counted instead.
      if (flow.outcome().neverOpened() && flow.outcome() != TcpOutcome.FAILED) {
        counts.errors++;
      }
    });
  }

  @Override
  public void udpFlow(UdpFlowEvent flow) {
    count(hostOf(flow.host(), flow.ip()), flow.process(), counts -> {
      counts.bytesOut += flow.bytesOut();
      counts.bytesIn += flow.bytesIn();
    });
  }

  @Override
  public void deny(DenyEvent denial) {
    count(hostOf(denial.host(), denial.ip()), denial.process(), counts -> counts.denied++);
  }

  @Override
  public void error(ErrorEvent error) {
    count(hostOf(error.subject()), error.process(), counts -> counts.errors++);
  }

  /** The counts, without the destinations (see {@link DestinationLog}). */
  SummaryEvent summary() {
    return new SummaryEvent(
        hosts.entrySet().stream()
            .map(entry -> new HostSummary(entry.getKey(), entry.getValue().requests, entry.getValue().statuses,
                entry.getValue().bytesOut, entry.getValue().bytesIn, entry.getValue().errors, entry.getValue().denied))
            .toList(),
        processes.values().stream()
            .map(counts -> new ProcessSummary(counts.process, counts.requests, counts.statuses, counts.bytesOut,
                counts.bytesIn, counts.errors, counts.denied, List.copyOf(counts.hosts)))
            .toList(),
        List.of(), List.of());
  }

  /** Applies {@code change} to the counts of {@code host} and of {@code process}. */
  private void count(String host, ProcessInfo process, Consumer<Counts> change) {
    change.accept(hosts.computeIfAbsent(host, name -> new Counts()));
    ProcessCounts counts = processes.computeIfAbsent(process == null ? UNKNOWN : process.pid(),
        pid -> new ProcessCounts(process));
    counts.hosts.add(host);
    change.accept(counts);
  }

  /** The name the command used, or the address when it used none. */
  private static String hostOf(String host, String ip) {
    return host != null ? host : ip;
  }

  /**
   * An exchange's host as its connection's: the URL's name, or, where the URL has an address
   * (the gateway's, say), where the connection went, as the TCP line says.
   */
  private String hostOf(HttpExchangeEvent exchange) {
    String host = hostOfUrl(exchange.url());
    boolean address = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    return address && exchange.serverIp() != null ? exchange.serverIp() : host;
  }

  private String hostOfUrl(String url) {
    int authority = url.indexOf("://");
    int path = authority < 0 ? -1 : url.indexOf('/', authority + 3);
    if (path < 0) {
      return hostOf(url);
    }
    return hostsByOrigin.computeIfAbsent(url.substring(0, path), Tally::hostOf);
  }

  /**
   * The host of a URL, of an address and port ("10.0.2.2:443", "[fd00::2]:443"), or the subject
   * itself (a bare address, as a ping's error names its destination).
   */
  private static String hostOf(String subject) {
    String host = subject.contains("://") ? uriHost(subject) : withoutPort(subject);
    if (host == null) {
      return subject;
    }
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** "10.0.2.2:443" as "10.0.2.2", "[fd00::2]:443" as "[fd00::2]"; a bare address as it is. */
  private static String withoutPort(String address) {
    int bracket = address.indexOf(']');
    if (address.startsWith("[") && bracket > 0) {
      return address.substring(0, bracket + 1);
    }
    int colon = address.indexOf(':');
    return colon > 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
  }

  private static String uriHost(String text) {
    try {
      return URI.create(text).getHost();
    } catch (IllegalArgumentException e) {
      return null; // not a URL
    }
  }
}

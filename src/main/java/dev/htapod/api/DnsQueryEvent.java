package dev.htapod.api;

import java.util.List;

/**
 * A DNS query the command made and what htapod answered.
 *
 * @param qtype the query type ("A", "AAAA", "TXT", ...)
 * @param answers the addresses (or records as text) in the answer; empty for none
 * @param source where the answer came from: "resolve" (--resolve), "host", or "upstream"
 * @param process the process of the run that asked, or null when it is not known
 */
public record DnsQueryEvent(String name, String qtype, List<String> answers, String source, ProcessInfo process) {
  public DnsQueryEvent {
    answers = List.copyOf(answers);
  }
}

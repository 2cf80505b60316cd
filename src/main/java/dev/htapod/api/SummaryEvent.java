package dev.htapod.api;

import java.util.List;

/**
 * What the run did, per host and per process, told once when the command has exited.
 *
 * @param hosts per host, by name
 * @param processes per process, by PID; the flows of no known process last
 * @param destinations every destination the command used or tried, sorted by name or address,
 *     then port; those outside the policy are the ones not {@link DestinationUse.Verdict#ALLOWED}
 * @param unusedPolicyLines the allow lines of the policy files that no destination the run let
 *     through matched
 */
public record SummaryEvent(List<HostSummary> hosts, List<ProcessSummary> processes,
    List<DestinationUse> destinations, List<UnusedPolicyLine> unusedPolicyLines) {
  public SummaryEvent {
    hosts = List.copyOf(hosts);
    processes = List.copyOf(processes);
    destinations = List.copyOf(destinations);
    unusedPolicyLines = List.copyOf(unusedPolicyLines);
  }
}

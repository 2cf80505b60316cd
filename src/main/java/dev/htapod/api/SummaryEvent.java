package dev.htapod.api;

import java.util.List;

/**
 * What the run did, per host and per process, told once when the command has exited.
 *
 * @param hosts per host, by name
 * @param processes per process, by PID; the flows of no known process last
 */
public record SummaryEvent(List<HostSummary> hosts, List<ProcessSummary> processes) {
  public SummaryEvent {
    hosts = List.copyOf(hosts);
    processes = List.copyOf(processes);
  }
}

package dev.htapod.api;

import java.util.List;

/** What the run did, per host, told once when the command has exited. */
public record SummaryEvent(List<HostSummary> hosts) {
  public SummaryEvent {
    hosts = List.copyOf(hosts);
  }
}

package dev.htapod.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one process of the run did in it.
 *
 * @param process the process, or null for flows whose process is not known
 * @param requests HTTP requests it made
 * @param statuses how many of its responses had each status
 * @param bytesOut bytes it sent (TCP and UDP)
 * @param bytesIn bytes it received
 * @param errors its exchanges without a response, and other errors concerning its flows
 * @param denied its connections, datagrams and lookups refused by the run's policy
 * @param hosts the hosts it talked to (names, or addresses where it used none), sorted
 */
public record ProcessSummary(
    ProcessInfo process, long requests, Map<Integer, Long> statuses, long bytesOut, long bytesIn, long errors,
    long denied, List<String> hosts) {
  public ProcessSummary {
    statuses = java.util.Collections.unmodifiableMap(new TreeMap<>(statuses));
    hosts = List.copyOf(hosts);
  }
}

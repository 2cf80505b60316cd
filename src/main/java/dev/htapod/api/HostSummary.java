package dev.htapod.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the command did with one host in a run.
 *
 * @param host the name the command used, or the address when it used none
 * @param requests HTTP requests made
 * @param statuses how many responses had each status
 * @param bytesOut bytes the command sent to it (TCP and UDP)
 * @param bytesIn bytes the command received from it
 * @param errors exchanges without a response, and other errors concerning it
 * @param denied connections and datagrams refused by the run's policy
 */
public record HostSummary(
    String host, long requests, Map<Integer, Long> statuses, long bytesOut, long bytesIn, long errors,
    long denied) {
  public HostSummary {
    statuses = java.util.Collections.unmodifiableMap(new TreeMap<>(statuses));
  }
}

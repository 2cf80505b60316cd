package dev.htapod.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A destination the command used or tried during the run, named as a policy file line would name
 * it, with the processes that used it: what {@link Htapod.Builder#learn} writes, and what a run
 * with a policy reports as outside it.
 *
 * @param pattern the policy line that allows it: its name where one is known, else its address,
 *     with its port ({@code site.test:443}, {@code [::1]:8080}); no port for a ping or for a name
 *     refused by the resolver before anything connected
 * @param host the name the command used, or null when it used none
 * @param ip the address it went to from the host (127.0.0.1 or ::1 for the gateway), or null for
 *     a name refused by the resolver
 * @param port the port, or 0 for a ping or such a name
 * @param verdict what the egress policy made of it: the worst of its uses
 * @param processes how many connections, flows, pings or lookups each process made, by process
 *     name ({@code unknown} where the process could not be found), sorted by name
 */
public record DestinationUse(String pattern, String host, String ip, int port, Verdict verdict,
    Map<String, Long> processes) {
  public DestinationUse {
    processes = Collections.unmodifiableMap(new TreeMap<>(processes));
  }

  /** What the egress policy made of a destination. */
  public enum Verdict {
    /** Allowed (or there was no policy). */
    ALLOWED,
    /** Refused at least once. */
    REFUSED,
    /** Let through in {@link Htapod.Builder#audit audit} mode, though the policy would refuse it. */
    AUDITED
  }
}

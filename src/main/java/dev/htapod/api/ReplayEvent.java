package dev.htapod.api;

/**
 * A request a replay ({@link Htapod.Builder#replay}) answered: from its recording (a hit), or not
 * (a miss, answered as {@link ReplayMiss} says).
 *
 * @param method the request's method
 * @param url the request's URL, as the command asked for it
 * @param hit whether the recording held an answer
 * @param status the status the command was given: the recorded one for a hit, {@code 502} for a
 *     miss with {@link ReplayMiss#FAIL}, {@code 0} for a miss sent to the network
 * @param reason for a miss, why the recording holds no answer; null for a hit
 * @param process the process of the run that sent the request, or null when not known
 */
public record ReplayEvent(String method, String url, boolean hit, int status, String reason, ProcessInfo process) {}

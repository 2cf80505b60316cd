package dev.htapod.api;

/** What a replay ({@link Htapod.Builder#replay}) does with a request its recording does not hold. */
public enum ReplayMiss {
  /**
   * Answers it with a {@code 502} whose body says why, reports an error, and makes a successful
   * run end with {@link Htapod#REPLAY_MISS_STATUS}; connections that are not to a recorded port,
   * UDP other than DNS and pings are refused, reported, and end a successful run the same way.
   */
  FAIL,
  /**
   * Sends it to the network, as a run without a replay would; with {@link Htapod.Builder#record}
   * its exchange is recorded too.
   */
  PASS
}

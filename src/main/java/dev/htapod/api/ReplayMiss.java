package dev.htapod.api;

/** What a replay ({@link Htapod.Builder#replay}) does with a request its recording does not hold. */
public enum ReplayMiss {
  /**
   * Answers it with a {@code 502} whose body says why, reports an error, and makes a successful
   * run end with {@link Htapod#REPLAY_MISS_STATUS}.
   */
  FAIL,
  /**
   * Sends it to the network, as a run without a replay would; with {@link Htapod.Builder#record}
   * its exchange is recorded too.
   */
  PASS
}

package dev.htapod.http;

/**
 * Numbers a run's exchanges from 1 in the order their requests begin, across connections, so that
 * a replay can answer repeated requests in the order they were made. Observers run on the report
 * thread only, which owns this counter.
 */
public final class ExchangeSequence {
  private long last;

  long next() {
    return ++last;
  }
}

package dev.htapod.api;

import java.util.List;

/**
 * What the engine provides to run a command under a tap; found with {@link
 * java.util.ServiceLoader}. Library users call {@link Htapod#run(List)} instead.
 */
public interface TapRunner {
  /**
   * Runs {@code command} under {@code tap} and returns its exit status (128 + N when killed by
   * signal N; 126 or 127 when it could not be executed or found).
   *
   * @throws HtapodException when htapod itself cannot do its job
   */
  int run(Htapod tap, List<String> command);

  /**
   * Does the work every run begins with, for the next run to take; called on a thread of its own
   * (see {@link Htapod#prepare()}).
   */
  void prepare();

  /** One line on whether the engine can run here, e.g. whether its native library loads. */
  String status();

  /**
   * Loads what the engine needs from outside the JVM (its native library) now rather than at the
   * first run.
   *
   * @throws HtapodException naming why it cannot be loaded
   */
  void load();
}

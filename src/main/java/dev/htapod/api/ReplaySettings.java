package dev.htapod.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a replay ({@code --replay}) answers from and how it matches requests to the recording.
 *
 * @param file the recording: a HAR file with response bodies, such as {@code --record} writes
 * @param miss what becomes of a request the recording does not hold
 * @param ignoredParams query parameters left out when URLs are compared
 * @param ignoredHeaders request headers never compared (those a recorded {@code Vary} names are)
 * @param ignoreBodies whether request bodies are left out of the comparison
 */
public record ReplaySettings(Path file, ReplayMiss miss, List<String> ignoredParams, List<String> ignoredHeaders,
    boolean ignoreBodies) {
  public ReplaySettings {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(miss, "miss");
    ignoredParams = List.copyOf(ignoredParams);
    ignoredHeaders = List.copyOf(ignoredHeaders);
  }
}

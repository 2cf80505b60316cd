package dev.htapod.policy;

/**
 * What the egress policy says of a destination.
 *
 * @param allowed whether it may be reached
 * @param deniedBy the {@code --deny} pattern that refused it, or null (allowed, or refused for
 *     matching no {@code --allow} pattern)
 */
public record Verdict(boolean allowed, EgressPattern deniedBy) {
  public static final Verdict ALLOWED = new Verdict(true, null);
  public static final Verdict NOT_ALLOWED = new Verdict(false, null);

  public static Verdict deniedBy(EgressPattern pattern) {
    return new Verdict(false, pattern);
  }
}

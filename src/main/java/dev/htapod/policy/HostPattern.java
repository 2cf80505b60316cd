package dev.htapod.policy;

import java.util.Locale;

/**
 * A host name pattern as users write it: {@code example.com} matches that name only, {@code
 * *.example.com} any name below it (not example.com itself), {@code *} every name. Case does not
 * matter; a trailing dot is ignored.
 */
public record HostPattern(String pattern) {
  public HostPattern {
    pattern = normalize(pattern);
    if (pattern.isEmpty() || (pattern.indexOf('*') >= 0 && !pattern.equals("*") && !pattern.startsWith("*.")) 
        || pattern.indexOf('*', 1) >= 0) {
      throw new IllegalArgumentException("'" + pattern + "' is not a host name or *.domain pattern");
    }
  }

  public boolean matches(String host) {
    if (host == null) {
      return false;
    }
    String name = normalize(host);
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      return name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1;
    }
    return name.equals(pattern);
  }

  private static String normalize(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}

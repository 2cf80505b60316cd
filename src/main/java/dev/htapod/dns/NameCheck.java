package dev.htapod.dns;

/** Which names the built-in resolver answers as non-existent (NXDOMAIN) before looking them up. */
public interface NameCheck {
  /** Every name is looked up. */
  NameCheck NONE = name -> true;

  /** Whether {@code name} (lower case, no trailing dot) may resolve; when not, it was reported. */
  boolean admits(String name);
}

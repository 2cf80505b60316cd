package dev.htapod.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --allow} and {@code --deny}: with any allow pattern only destinations matching one are
 * allowed; a deny pattern refuses what it matches, whatever the allow patterns say.
 */
public record EgressPolicy(List<EgressPattern> allow, List<EgressPattern> deny) {
  /** Allows everything. */
  public static final EgressPolicy OPEN = new EgressPolicy(List.of(), List.of());

  public EgressPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** Reads the patterns; a malformed one throws, naming it. */
  public static EgressPolicy parse(List<String> allow, List<String> deny) {
    return new EgressPolicy(allow.stream().map(EgressPattern::parse).toList(),
        deny.stream().map(EgressPattern::parse).toList());
  }

  /** This policy with the patterns of {@code lines} (policy files' lines) added. */
  public EgressPolicy with(List<PolicyLine> lines) {
    List<EgressPattern> allowed = new ArrayList<>(allow);
    List<EgressPattern> denied = new ArrayList<>(deny);
    lines.forEach(line -> (line.deny() ? denied : allowed).add(line.pattern()));
    return new EgressPolicy(allowed, denied);
  }

  /** Whether anything can be refused at all. */
  public boolean restricts() {
    return !allow.isEmpty() || !deny.isEmpty();
  }

  /** Whether a name the command reveals later (SNI, Host) can change a verdict. */
  public boolean judgesNames() {
    return allow.stream().anyMatch(p -> p.name() != null) || deny.stream().anyMatch(p -> p.name() != null);
  }

  public Verdict judge(Destination destination) {
    for (EgressPattern pattern : deny) {
      if (pattern.matches(destination)) {
        return Verdict.deniedBy(pattern);
      }
    }
    if (allow.isEmpty() || allow.stream().anyMatch(pattern -> pattern.matches(destination))) {
      return Verdict.ALLOWED;
    }
    return Verdict.NOT_ALLOWED;
  }

  /**
   * Whether the built-in DNS may answer for {@code host}: not when a deny pattern without a port
   * matches it, nor when no allow pattern could match a connection to any address it has. An
   * address pattern could match whatever the name resolves to, so with one (or {@code *}) every
   * name not denied resolves: {@code --allow 10.0.0.0/8} alone still lets names resolve.
   */
  public Verdict judgeName(String host) {
    if (host.endsWith(".in-addr.arpa") || host.endsWith(".ip6.arpa")) {
      return Verdict.ALLOWED; // a reverse lookup names an address, not a destination
    }
    for (EgressPattern pattern : deny) {
      if (pattern.port() == 0 && pattern.mayMatchName(host)) {
        return Verdict.deniedBy(pattern);
      }
    }
    boolean couldBeAllowed = allow.isEmpty()
        || allow.stream().anyMatch(pattern -> pattern.block() != null || pattern.mayMatchName(host));
    return couldBeAllowed ? Verdict.ALLOWED : Verdict.NOT_ALLOWED;
  }
}

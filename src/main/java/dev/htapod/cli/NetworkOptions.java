package dev.htapod.cli;

import dev.htapod.api.AddressMapping;
import dev.htapod.api.Htapod;
import dev.htapod.policy.EgressPattern;
import dev.htapod.policy.PolicyFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of SPEC "Network": --resolve, --dns, --map, --allow, --deny, --fail-on-deny,
 * --policy, --learn, --audit, --no-ipv6.
 */
final class NetworkOptions {
  @Option(
      names = "--resolve",
      paramLabel = "HOST=ADDR",
      description = "The built-in DNS answers HOST with ADDR (repeatable), like curl's --resolve.")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--dns",
      paramLabel = "ADDR[:PORT]",
      description = "Upstream DNS server for the built-in resolver (default: the host's resolver).")
  String dns;

  @Option(
      names = "--map",
      paramLabel = "ADDR[:PORT]=ADDR[:PORT]",
      description = "Relay connections to the first address to the second (repeatable).")
  List<String> map = new ArrayList<>();

  @Option(
      names = "--allow",
      paramLabel = "PATTERN",
      description = "Allow only matching destinations (repeatable): a host name, *.domain, an IP"
          + " address or CIDR block, or *, each with an optional :PORT ([v6]:PORT); the rest are"
          + " refused and reported.")
  List<String> allow = new ArrayList<>();

  @Option(
      names = "--deny",
      paramLabel = "PATTERN",
      description = "Refuse matching destinations (repeatable; as --allow); --deny wins.")
  List<String> deny = new ArrayList<>();

  @Option(
      names = "--fail-on-deny",
      description = "Exit with status 122 when anything was refused, even if the command succeeded.")
  boolean failOnDeny;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Enforce the policy file FILE (repeatable): one --allow pattern a line, !PATTERN for a"
          + " --deny one, # starts a comment; exit with status 122 when anything was refused, even if the"
          + " command succeeded.")
  List<Path> policy = new ArrayList<>();

  @Option(
      names = "--learn",
      paramLabel = "FILE",
      description = "After the run, add the destinations the command used to the policy file FILE (made if"
          + " missing), each with a comment naming the processes that used it; what FILE holds is kept.")
  Path learn;

  @Option(
      names = "--audit",
      description = "With --policy: refuse nothing, report what the policy would refuse (AUDIT lines), and exit"
          + " with the command's status.")
  boolean audit;

  @Option(names = "--no-ipv6", description = "Do not configure IPv6 inside the namespace.")
  boolean noIpv6;

  /** Applies these options to {@code tap}; a malformed value is a usage error. */
  void applyTo(Htapod.Builder tap) {
    tap.ipv6(!noIpv6);
    for (String rule : resolve) {
      String[] parts = split(rule, "--resolve", "HOST=ADDR");
      tap.resolve(parts[0], AddressParser.address(parts[1]));
    }
    if (dns != null) {
      tap.dns(AddressParser.addressAndPort(dns, 53));
    }
    for (String rule : map) {
      String[] parts = split(rule, "--map", "ADDR[:PORT]=ADDR[:PORT]");
      InetSocketAddress from = AddressParser.addressAndPort(parts[0], 0);
      InetSocketAddress to = AddressParser.addressAndPort(parts[1], 0);
      tap.map(new AddressMapping(from.getAddress(), from.getPort(), to.getAddress(), to.getPort()));
    }
    allow.forEach(pattern -> tap.allow(checked("--allow", pattern)));
    deny.forEach(pattern -> tap.deny(checked("--deny", pattern)));
    tap.failOnDeny(failOnDeny);
    for (Path file : policy) {
      tap.policy(file.toString(), checked(file, PolicyText.read("--policy", file)));
    }
    if (learn != null) {
      if (Files.isReadable(learn) && !Files.isDirectory(learn)) {
        checked(learn, PolicyText.read("--learn", learn));
      }
      tap.learn(learn);
    }
    if (audit && policy.isEmpty() && allow.isEmpty() && deny.isEmpty()) {
      throw new TypeConversionException("--audit needs a policy to audit: --policy FILE (or --allow, --deny)");
    }
    tap.audit(audit);
  }

  /** The engine reads the lines again; read here, a malformed one is a usage error. */
  private static List<String> checked(Path file, List<String> lines) {
    try {
      PolicyFile.parse(file.toString(), lines);
      return lines;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The engine reads the pattern again; read here, a malformed one is a usage error. */
  private static String checked(String option, String pattern) {
    try {
      EgressPattern.parse(pattern);
      return pattern;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(option + " " + e.getMessage());
    }
  }

  private static String[] split(String rule, String option, String form) {
    int equals = rule.indexOf('=');
    if (equals <= 0 || equals == rule.length() - 1) {
      throw new TypeConversionException(option + " '" + rule + "' is not " + form);
    }
    return new String[] {rule.substring(0, equals), rule.substring(equals + 1)};
  }
}

package dev.htapod.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.DestinationUse;
import dev.htapod.api.DestinationUse.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyMergeTest {
  private static final DestinationUse SITE =
      new DestinationUse("site.test:8095", "site.test", "127.0.0.1", 8095, Verdict.ALLOWED, Map.of("curl", 2L, "sh", 1L));
  private static final DestinationUse API =
      new DestinationUse("api.cdn.test:443", "api.cdn.test", "127.0.0.1", 443, Verdict.ALLOWED, Map.of("curl", 1L));
  private static final DestinationUse NEW =
      new DestinationUse("new.test:80", "new.test", "127.0.0.1", 80, Verdict.REFUSED, Map.of("python3", 1L));
  private static final DestinationUse ADDRESS =
      new DestinationUse("[::1]:8080", null, "::1", 8080, Verdict.AUDITED, Map.of("unknown", 3L));

  private static PolicyFile file(String... lines) {
    return PolicyFile.parse("learned.txt", List.of(lines));
  }

  @Test
  void aNewFileListsTheDestinationsWithTheirProcesses() {
    assertThat(PolicyMerge.merge(file(), List.of(), List.of(API, SITE, ADDRESS))).containsExactly(
        "# Destinations learned by htapod --learn; one pattern a line, !PATTERN refuses (htapod --help).",
        "api.cdn.test:443  # curl x1",
        "site.test:8095  # curl x2, sh x1",
        "[::1]:8080  # would be refused: unknown x3");
  }

  @Test
  void whatTheFileHoldsStaysAsItIsAndWhatItMatchesIsNotAdded() {
    List<String> merged = PolicyMerge.merge(
        file("# reviewed by ops", "*.cdn.test   # the CDN", "!new.test", "old.test:443"), List.of(),
        List.of(API, NEW, SITE));
    assertThat(merged).containsExactly(
        "# reviewed by ops", "*.cdn.test   # the CDN", "!new.test", "old.test:443",
        "",
        "# learned by htapod --learn",
        "site.test:8095  # curl x2, sh x1");
  }

  @Test
  void theEnforcedPolicyJoinsAndRefusalsAreMarkedForReview() {
    PolicyFile policy = PolicyFile.parse("policy.txt", List.of("# ours", "site.test:8095", "!192.0.2.0/24"));
    List<String> merged = PolicyMerge.merge(file("site.test:8095"), List.of(policy), List.of(NEW, SITE));
    assertThat(merged).containsExactly(
        "site.test:8095",
        "",
        "# from policy.txt",
        "!192.0.2.0/24",
        "",
        "# learned by htapod --learn",
        "new.test:80  # refused: python3 x1");
  }

  @Test
  void nothingNewLeavesTheFileAsItWas() {
    PolicyFile learned = file("site.test:8095  # curl x2", "*.cdn.test");
    assertThat(PolicyMerge.merge(learned, List.of(learned), List.of(SITE, API))).isEqualTo(learned.text());
  }
}

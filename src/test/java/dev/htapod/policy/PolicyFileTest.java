package dev.htapod.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyFileTest {
  @Test
  void readsPatternsDenialsAndComments() {
    PolicyFile file = PolicyFile.parse("policy.txt", List.of(
        "# the build's destinations",
        "",
        "site.test:443  # curl x2",
        "  *.cdn.test",
        "!secret.site.test",
        "! 192.0.2.0/24:22",
        "[::1]:8080"));
    assertThat(file.lines()).extracting(PolicyLine::where, PolicyLine::deny, line -> line.pattern().text())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("policy.txt:3", false, "site.test:443"),
            org.assertj.core.groups.Tuple.tuple("policy.txt:4", false, "*.cdn.test"),
            org.assertj.core.groups.Tuple.tuple("policy.txt:5", true, "!secret.site.test"),
            org.assertj.core.groups.Tuple.tuple("policy.txt:6", true, "!192.0.2.0/24:22"),
            org.assertj.core.groups.Tuple.tuple("policy.txt:7", false, "[::1]:8080"));
    assertThat(file.lines().get(0).text()).isEqualTo("site.test:443  # curl x2");
    assertThat(file.text()).hasSize(7);
  }

  @Test
  void itsLinesJoinThePolicyAsAllowAndDenyPatterns() throws Exception {
    PolicyFile file = PolicyFile.parse("p", List.of("*.site.test", "!secret.site.test"));
    EgressPolicy policy = EgressPolicy.parse(List.of(), List.of("192.0.2.0/24")).with(file.lines());
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 80);
    assertThat(policy.judge(new Destination(List.of(loopback), 80, List.of("api.site.test"))).allowed()).isTrue();
    Verdict secret = policy.judge(new Destination(List.of(loopback), 80, List.of("secret.site.test")));
    assertThat(secret.allowed()).isFalse();
    assertThat(secret.deniedBy().text()).isEqualTo("!secret.site.test");
    assertThat(policy.judge(new Destination(List.of(loopback), 80, List.of("other.test")))).isEqualTo(Verdict.NOT_ALLOWED);
  }

  @Test
  void aMalformedLineIsNamedByFileAndNumber() {
    assertThatThrownBy(() -> PolicyFile.parse("policy.txt", List.of("site.test", "# fine", "exa mple.test:443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy.txt:3: 'exa mple.test:443' is not a valid pattern: 'exa mple.test' is not a host name,"
            + " IP address or CIDR block");
    assertThatThrownBy(() -> PolicyFile.parse("p", List.of("!")))
        .hasMessage("p:1: '' is not a valid pattern: it is empty");
    assertThatThrownBy(() -> PolicyFile.parse("p", List.of("site.test:99999")))
        .hasMessage("p:1: 'site.test:99999' is not a valid pattern: the port must be 1 to 65535");
  }
}

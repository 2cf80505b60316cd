package dev.htapod.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
  private static Destination to(String address, int port, String... names) throws UnknownHostException {
    return new Destination(List.of(new InetSocketAddress(InetAddress.getByName(address), port)), port,
        List.of(names));
  }

  private static EgressPolicy policy(List<String> allow, List<String> deny) {
    return EgressPolicy.parse(allow, deny);
  }

  @Test
  void withoutPatternsEverythingIsAllowed() throws Exception {
    assertThat(EgressPolicy.OPEN.restricts()).isFalse();
    assertThat(EgressPolicy.OPEN.judge(to("203.0.113.9", 443))).isEqualTo(Verdict.ALLOWED);
    assertThat(EgressPolicy.OPEN.judgeName("anything.test")).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void withAllowPatternsOnlyMatchingDestinationsAreAllowed() throws Exception {
    EgressPolicy policy = policy(List.of("site.test", "192.0.2.0/24"), List.of());
    assertThat(policy.judge(to("127.0.0.1", 80, "site.test")).allowed()).isTrue();
    assertThat(policy.judge(to("192.0.2.9", 80)).allowed()).isTrue();
    assertThat(policy.judge(to("127.0.0.1", 80, "other.test"))).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(policy.judge(to("127.0.0.1", 80))).isEqualTo(Verdict.NOT_ALLOWED);
  }

  @Test
  void denyWinsOverAllowAndNamesThePattern() throws Exception {
    EgressPolicy policy = policy(List.of("*.site.test"), List.of("secret.site.test", "127.0.0.1:22"));
    assertThat(policy.judge(to("127.0.0.1", 80, "api.site.test")).allowed()).isTrue();
    Verdict denied = policy.judge(to("127.0.0.1", 80, "secret.site.test"));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.deniedBy().text()).isEqualTo("secret.site.test");
    assertThat(policy.judge(to("127.0.0.1", 22, "api.site.test")).deniedBy().text()).isEqualTo("127.0.0.1:22");
  }

  @Test
  void denyAloneRefusesOnlyWhatItMatches() throws Exception {
    EgressPolicy policy = policy(List.of(), List.of("192.0.2.0/24"));
    assertThat(policy.judge(to("192.0.2.7", 443, "example.org")).deniedBy().text()).isEqualTo("192.0.2.0/24");
    assertThat(policy.judge(to("127.0.0.1", 443, "example.org")).allowed()).isTrue();
  }

  @Test
  void namesResolveUnlessNoAllowedPatternCouldMatchThem() {
    EgressPolicy byName = policy(List.of("*.site.test:443"), List.of("ads.test", "mail.test:25"));
    assertThat(byName.judgeName("api.site.test").allowed()).isTrue(); // the port is for later
    assertThat(byName.judgeName("other.test")).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(byName.judgeName("ads.test").deniedBy().text()).isEqualTo("ads.test");
    // Denied on one port only: the name resolves, the connection to port 25 is refused.
    assertThat(policy(List.of(), List.of("mail.test:25")).judgeName("mail.test").allowed()).isTrue();
  }

  @Test
  void anAddressAllowPatternLetsEveryNameResolve() {
    EgressPolicy policy = policy(List.of("10.0.0.0/8"), List.of("ads.test"));
    assertThat(policy.judgeName("anything.test").allowed()).isTrue();
    assertThat(policy.judgeName("ads.test").allowed()).isFalse();
    assertThat(policy(List.of("*:443"), List.of()).judgeName("anything.test").allowed()).isTrue();
  }

  @Test
  void namesMatterLaterOnlyWithNamePatterns() {
    assertThat(policy(List.of("10.0.0.0/8"), List.of("*:25")).judgesNames()).isFalse();
    assertThat(policy(List.of("10.0.0.0/8"), List.of("ads.test")).judgesNames()).isTrue();
    assertThat(policy(List.of("site.test"), List.of()).judgesNames()).isTrue();
  }

  @Test
  void aPingMatchesNoPatternWithAPort() throws Exception {
    EgressPolicy policy = policy(List.of("127.0.0.1:80"), List.of());
    assertThat(policy.judge(to("127.0.0.1", 0)).allowed()).isFalse();
  }
}

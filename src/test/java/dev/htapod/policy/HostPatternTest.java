package dev.htapod.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPatternTest {
  @Test
  void aNameMatchesItselfOnlyWhateverItsCase() {
    HostPattern pattern = new HostPattern("Example.COM.");
    assertThat(pattern.matches("example.com")).isTrue();
    assertThat(pattern.matches("EXAMPLE.com.")).isTrue();
    assertThat(pattern.matches("www.example.com")).isFalse();
    assertThat(pattern.matches(null)).isFalse();
  }

  @Test
  void aWildcardMatchesNamesBelowItButNotItself() {
    HostPattern pattern = new HostPattern("*.example.com");
    assertThat(pattern.matches("api.example.com")).isTrue();
    assertThat(pattern.matches("a.b.example.com")).isTrue();
    assertThat(pattern.matches("example.com")).isFalse();
    assertThat(pattern.matches("badexample.com")).isFalse();
  }

  @Test
  void aLoneStarMatchesEverything() {
    assertThat(new HostPattern("*").matches("anything.test")).isTrue();
  }

  @Test
  void starsElsewhereAreRefused() {
    assertThatThrownBy(() -> new HostPattern("api.*.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostPattern("*.*.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostPattern("")).isInstanceOf(IllegalArgumentException.class);
  }
}

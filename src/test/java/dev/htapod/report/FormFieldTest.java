package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormFieldTest {
  @Test
  void aQueryIsSplitAndUnescaped() {
    assertThat(FormField.ofQuery("https://site.test/s?q=a+b%2Fc&empty=&flag&&x=%zz#frag"))
        .containsExactly(
            new FormField("q", "a b/c"),
            new FormField("empty", ""),
            new FormField("flag", ""),
            new FormField("x", "%zz"));
  }

  @Test
  void noQueryIsNoFields() {
    assertThat(FormField.ofQuery("https://site.test/path")).isEmpty();
    assertThat(FormField.ofQuery("https://site.test/path?")).isEmpty();
  }
}

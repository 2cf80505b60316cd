package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BodyTextTest {
  private static final byte[] PNG_START = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

  @ParameterizedTest
  @ValueSource(strings = {
      "text/plain", "text/html; charset=utf-8", "application/json", "APPLICATION/JSON",
      "application/problem+json", "image/svg+xml", "application/xml", "application/javascript",
      "application/x-www-form-urlencoded", "application/vnd.api+json; charset=\"UTF-8\""})
  void textTypesAreText(String contentType) {
    BodyText body = BodyText.of(contentType, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(body.isText()).isTrue();
    assertThat(body.text()).isEqualTo("{\"a\": 1}");
    assertThat(body.summary()).isNull();
    assertThat(body.shown()).isEqualTo("{\"a\": 1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/png", "application/octet-stream", "application/pdf", "font/woff2"})
  void otherTypesAreBinaryEvenWhenTheBytesLookLikeText(String contentType) {
    BodyText body = BodyText.of(contentType, "hello".getBytes(StandardCharsets.UTF_8), true);
    assertThat(body.isText()).isFalse();
    assertThat(body.shown()).isEqualTo("[binary body: " + contentType + ", 5 B]");
  }

  @Test
  void withoutATypeTheBytesDecide() {
    assertThat(BodyText.of(null, "plain\ttext\r\nnäive ✓".getBytes(StandardCharsets.UTF_8), true).text())
        .isEqualTo("plain\ttext\r\nnäive ✓");
    assertThat(BodyText.of(null, PNG_START, true).shown()).isEqualTo("[binary body: 12 B]");
    assertThat(BodyText.of("", "bell\u0007".getBytes(StandardCharsets.UTF_8), true).isText()).isFalse();
    assertThat(BodyText.of(null, new byte[] {'a', (byte) 0xff, 'b'}, true).isText()).isFalse();
    assertThat(BodyText.of(null, new byte[0], true).text()).isEmpty();
  }

  @Test
  void multipartIsSniffed() {
    byte[] form = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(BodyText.of("multipart/form-data; boundary=x", form, true).isText()).isTrue();
    assertThat(BodyText.of("multipart/form-data; boundary=x", PNG_START, true).isText()).isFalse();
  }

  @Test
  void theDeclaredCharsetIsUsed() {
    byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(BodyText.of("text/plain; charset=ISO-8859-1", latin1, true).text()).isEqualTo("café");
    assertThat(BodyText.of("text/plain; charset=\"iso-8859-1\"", latin1, true).text()).isEqualTo("café");
    byte[] utf16 = "hi".getBytes(StandardCharsets.UTF_16BE);
    assertThat(BodyText.of("text/plain;charset=UTF-16BE", utf16, true).text()).isEqualTo("hi");
  }

  @Test
  void anUnknownOrMissingCharsetMeansUtf8() {
    byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);
    assertThat(BodyText.of("text/plain", utf8, true).text()).isEqualTo("café");
    assertThat(BodyText.of("text/plain; charset=no-such-charset", utf8, true).text()).isEqualTo("café");
    assertThat(BodyText.of("text/plain; charset=\"", utf8, true).text()).isEqualTo("café");
  }

  @Test
  void malformedTextIsReplacedNotRejected() {
    assertThat(BodyText.of("text/plain", new byte[] {'a', (byte) 0xff, 'b'}, true).text()).isEqualTo("a\ufffdb");
  }

  @Test
  void aCharacterSplitByTheCapIsLeftOut() {
    byte[] whole = "ab✓".getBytes(StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(whole, whole.length - 1);
    assertThat(BodyText.of("text/plain", cut, false).text()).isEqualTo("ab");
    assertThat(BodyText.of(null, cut, false).text()).isEqualTo("ab");
    assertThat(BodyText.of(null, cut, true).isText()).isFalse();
    assertThat(BodyText.of("image/png", cut, false).summary()).isEqualTo("[binary body: image/png, first 4 B]");
  }
}

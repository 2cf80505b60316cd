package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.HttpMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieTest {
  private static final Instant RECEIVED = Instant.parse("2025-01-02T03:04:05Z");

  private static HttpMessage message(HttpHeader... headers) {
    return new HttpMessage(List.of(headers), 0, null, true);
  }

  @Test
  void everyCookieHeaderCounts() {
    HttpMessage request = message(
        new HttpHeader("Cookie", "a=1; b=two=2"), new HttpHeader("cookie", "c=; lonely"));
    assertThat(Cookie.sent(request))
        .extracting(Cookie::name, Cookie::value)
        .containsExactly(
            tuple("a", "1"),
            tuple("b", "two=2"),
            tuple("c", ""),
            tuple("", "lonely"));
    assertThat(Cookie.sent(request).get(0).httpOnly()).isNull();
  }

  @Test
  void setCookieAttributesAreRead() {
    HttpMessage response = message(
        new HttpHeader("Set-Cookie", "id=42; Path=/app; Domain=site.test; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure"),
        new HttpHeader("set-cookie", "short=1; Max-Age=60; Expires=Wed, 21 Oct 2026 07:28:00 GMT"),
        new HttpHeader("Set-Cookie", "gone=; max-age=0"),
        new HttpHeader("Set-Cookie", "odd=1; expires=not a date"));
    List<Cookie> cookies = Cookie.set(response, RECEIVED);
    assertThat(cookies.get(0)).isEqualTo(new Cookie(
        "id", "42", "/app", "site.test", Instant.parse("2026-10-21T07:28:00Z"), true, true));
    assertThat(cookies.get(1).expires()).isEqualTo(RECEIVED.plusSeconds(60));
    assertThat(cookies.get(1).httpOnly()).isFalse();
    assertThat(cookies.get(2).expires()).isEqualTo(Instant.EPOCH);
    assertThat(cookies.get(3).expires()).isNull();
  }
}

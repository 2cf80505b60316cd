package dev.htapod.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.ReplayMiss;
import dev.htapod.api.ReplaySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayBookTest {
  private static RecordedExchange exchange(long order, String method, String url, String body, String answer,
      List<HttpHeader> requestHeaders, List<HttpHeader> responseHeaders) {
    return new RecordedExchange(order, method, url, requestHeaders, body.getBytes(StandardCharsets.UTF_8), false,
        new RecordedAnswer(200, responseHeaders, answer.getBytes(StandardCharsets.UTF_8), List.of()));
  }

  private static ReplaySettings settings(List<String> params, List<String> headers, boolean ignoreBodies) {
    return new ReplaySettings(Path.of("run.har"), ReplayMiss.FAIL, params, headers, ignoreBodies);
  }

  private static String answer(ReplayBook book, String method, String url, String body, Map<String, String> headers) {
    ReplayBook.Lookup found = book.find(method, url, name -> headers.get(name.toLowerCase()),
        body.getBytes(StandardCharsets.UTF_8));
    return found.answer() == null ? "miss: " + found.miss() : new String(found.answer().body(), StandardCharsets.UTF_8);
  }

  @Test
  void repeatedRequestsGetTheRecordedAnswersInOrderThenTheLastAgain() {
    ReplayBook book = new ReplayBook(List.of(
        exchange(2, "GET", "http://site.test/count", "", "2", List.of(), List.of()),
        exchange(1, "GET", "http://site.test/count", "", "1", List.of(), List.of())), settings(List.of(), List.of(), false));
    assertThat(List.of(answer(book, "GET", "http://site.test:80/count", "", Map.of()),
        answer(book, "GET", "http://SITE.test/count", "", Map.of()),
        answer(book, "GET", "http://site.test/count", "", Map.of()))).containsExactly("1", "2", "2");
  }

  @Test
  void bodiesMatchUnlessIgnoredAndIgnoredParamsAreLeftOut() {
    List<RecordedExchange> recorded = List.of(exchange(1, "POST", "https://site.test:8443/q?a=1&t=5", "x=1", "one",
        List.of(), List.of()));
    ReplayBook strict = new ReplayBook(recorded, settings(List.of("t"), List.of(), false));
    assertThat(answer(strict, "POST", "https://site.test:8443/q?a=1&t=9", "x=2", Map.of()))
        .isEqualTo("miss: recorded only with another request body");
    assertThat(answer(strict, "POST", "https://site.test:8443/q?a=1&t=9", "x=1", Map.of())).isEqualTo("one");
    assertThat(answer(strict, "POST", "https://site.test:8443/q?a=2", "x=1", Map.of()))
        .isEqualTo("miss: nothing recorded for this method and URL");
    ReplayBook loose = new ReplayBook(recorded, settings(List.of("t"), List.of(), true));
    assertThat(answer(loose, "POST", "https://site.test:8443/q?t=1&a=1", "x=2", Map.of())).isEqualTo("one");
  }

  @Test
  void theHeadersAVaryNamesMustMatchUnlessIgnored() {
    List<RecordedExchange> recorded = List.of(
        exchange(1, "GET", "http://site.test/p", "", "gzip", List.of(new HttpHeader("Accept-Encoding", "gzip")),
            List.of(new HttpHeader("Vary", "Accept-Encoding"))),
        exchange(2, "GET", "http://site.test/p", "", "plain", List.of(),
            List.of(new HttpHeader("Vary", "Accept-Encoding"))));
    ReplayBook book = new ReplayBook(recorded, settings(List.of(), List.of(), false));
    assertThat(answer(book, "GET", "http://site.test/p", "", Map.of())).isEqualTo("plain");
    assertThat(answer(book, "GET", "http://site.test/p", "", Map.of("accept-encoding", "gzip"))).isEqualTo("gzip");
    assertThat(answer(book, "GET", "http://site.test/p", "", Map.of("accept-encoding", "br")))
        .isEqualTo("miss: recorded only with other values of the headers its Vary names");
    ReplayBook ignoring = new ReplayBook(recorded, settings(List.of(), List.of("accept-encoding"), false));
    assertThat(answer(ignoring, "GET", "http://site.test/p", "", Map.of("accept-encoding", "br"))).isEqualTo("gzip");
    assertThat(book.names()).containsExactly("site.test");
    assertThat(book.ports()).containsExactly(80);
  }
}

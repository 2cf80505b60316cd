package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.DenyEvent;
import dev.htapod.api.ProcessInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** DENY lines and deny objects, for each kind of refusal. */
class DenyReportTest {
  private static final DenyEvent TCP = new DenyEvent("tcp", "example.org", "192.0.2.7", 443, null, null);
  private static final DenyEvent UDP = new DenyEvent("udp", null, "::1", 5353, "[::1]:5353", null);
  private static final DenyEvent ICMP = new DenyEvent("icmp", null, "192.0.2.7", 0, "192.0.2.0/24", null);
  private static final DenyEvent DNS = new DenyEvent("dns", "ads.test", null, 0, "*.test", null);
  private static final ProcessInfo CURL = new ProcessInfo(3, "curl", "/usr/bin/curl", List.of("curl", "-s", "http://a/"),
      List.of(new ProcessInfo.Ancestor(2, "sh")));
  private static final DenyEvent BY_CURL = new DenyEvent("tcp", "a", "192.0.2.7", 80, null, CURL);

  @Test
  void textLinesNameTheDestinationAndWhy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextReporter text = new TextReporter(out, new TextReporter.Style(false, false, false, false, false, false, false, false));
    for (DenyEvent event : new DenyEvent[] {TCP, UDP, ICMP, DNS, BY_CURL}) {
      text.deny(event);
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "DENY 192.0.2.7:443 (example.org): not allowed by unknown",
        "DENY UDP [::1]:5353: denied by --deny [::1]:5353 by unknown",
        "DENY ICMP 192.0.2.7: denied by --deny 192.0.2.0/24",
        "DENY DNS ads.test: denied by --deny *.test by unknown",
        "DENY 192.0.2.7:80 (a): not allowed by curl[3]");
  }

  @Test
  void jsonObjectsCarryEveryField() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonLinesReporter(out, false, false).deny(DNS);
    new JsonLinesReporter(out, false, false).deny(BY_CURL);
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("{\"type\":\"deny\",\"protocol\":\"dns\","
        + "\"host\":\"ads.test\",\"ip\":null,\"port\":0,\"deniedBy\":\"*.test\",\"reason\":\"denied by --deny *.test\","
        + "\"process\":null}",
        "{\"type\":\"deny\",\"protocol\":\"tcp\",\"host\":\"a\",\"ip\":\"192.0.2.7\",\"port\":80,\"deniedBy\":null,"
        + "\"reason\":\"not allowed\",\"process\":{\"pid\":3,\"name\":\"curl\",\"exe\":\"/usr/bin/curl\","
        + "\"argv\":[\"curl\",\"-s\",\"http://a/\"],\"parents\":[{\"pid\":2,\"name\":\"sh\"}]}}");
  }

  @Test
  void grepPassesDenialsOn() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextReporter text = new TextReporter(out, new TextReporter.Style(false, false, false, false, true, false, false, false));
    new GrepFilter(Pattern.compile("nothing matches this"), text).deny(TCP);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("DENY 192.0.2.7:443 (example.org): not allowed by unknown\n");
  }
}

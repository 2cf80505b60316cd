package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.DenyEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** DENY lines and deny objects, for each kind of refusal. */
class DenyReportTest {
  private static final DenyEvent TCP = new DenyEvent("tcp", "example.org", "192.0.2.7", 443, null);
  private static final DenyEvent UDP = new DenyEvent("udp", null, "::1", 5353, "[::1]:5353");
  private static final DenyEvent ICMP = new DenyEvent("icmp", null, "192.0.2.7", 0, "192.0.2.0/24");
  private static final DenyEvent DNS = new DenyEvent("dns", "ads.test", null, 0, "*.test");

  @Test
  void textLinesNameTheDestinationAndWhy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextReporter text = new TextReporter(out, new TextReporter.Style(false, false, false, false, false));
    for (DenyEvent event : new DenyEvent[] {TCP, UDP, ICMP, DNS}) {
      text.deny(event);
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "DENY 192.0.2.7:443 (example.org): not allowed",
        "DENY UDP [::1]:5353: denied by --deny [::1]:5353",
        "DENY ICMP 192.0.2.7: denied by --deny 192.0.2.0/24",
        "DENY DNS ads.test: denied by --deny *.test");
  }

  @Test
  void jsonObjectsCarryEveryField() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonLinesReporter(out, false, false).deny(DNS);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"deny\",\"protocol\":\"dns\","
        + "\"host\":\"ads.test\",\"ip\":null,\"port\":0,\"deniedBy\":\"*.test\",\"reason\":\"denied by --deny *.test\"}\n");
  }

  @Test
  void grepPassesDenialsOn() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextReporter text = new TextReporter(out, new TextReporter.Style(false, false, false, false, true));
    new GrepFilter(Pattern.compile("nothing matches this"), text).deny(TCP);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("DENY 192.0.2.7:443 (example.org): not allowed\n");
  }
}

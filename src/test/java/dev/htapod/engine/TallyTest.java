package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.api.ErrorEvent;
import dev.htapod.api.HostSummary;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {
  private final Tally tally = new Tally();

  @Test
  void countsEachExchangeUnderItsUrlsNameOrWhereItsConnectionWent() {
    exchange("http://a.test:8080/x", 200);
    exchange("http://a.test:8080/y?next=/z", 404);
    exchange("http://a.test/", 200);
    exchange("https://[::1]:8443/", 200, "::1");
    exchange("http://10.0.2.2:8080/", 200, "127.0.0.1"); // the gateway: under where its connection went
    exchange("http://b.test?q=/", 0);
    tally.error(new ErrorEvent("10.0.2.2:443", "refused by the router", null));
    tally.error(new ErrorEvent("[fd00::2]:443", "refused by the router", null));
    tally.error(new ErrorEvent("https://[fd00::2]:8443", "the TLS handshake failed", null));
    tally.error(new ErrorEvent("fd00::2", "ping not relayed: no ICMP socket", null));
    tally.error(new ErrorEvent("10.0.2.3", "ping not relayed: no ICMP socket", null));

    Map<String, HostSummary> hosts = hosts();
    assertThat(hosts.keySet()).containsExactly("10.0.2.2", "10.0.2.3", "127.0.0.1", "::1", "a.test", "b.test", "fd00::2");
    assertThat(hosts.get("127.0.0.1").requests()).isEqualTo(1);
    assertThat(hosts.get("a.test").requests()).isEqualTo(3);
    assertThat(hosts.get("a.test").statuses()).isEqualTo(Map.of(200, 2L, 404, 1L));
    assertThat(hosts.get("::1").requests()).isEqualTo(1);
    assertThat(hosts.get("b.test").errors()).isEqualTo(1);
    assertThat(hosts.get("10.0.2.2").errors()).isEqualTo(1);
    assertThat(hosts.get("fd00::2").errors()).isEqualTo(3);
    assertThat(hosts.get("10.0.2.3").errors()).isEqualTo(1);
  }

  private void exchange(String url, int status) {
    exchange(url, status, "192.0.2.1");
  }

  private void exchange(String url, int status, String serverIp) {
    HttpMessage message = new HttpMessage(List.of(), 0, null, true);
    tally.httpExchange(new HttpExchangeEvent("GET", url, "HTTP/1.1", status, Instant.EPOCH, 1, message,
        status == 0 ? null : message, null, serverIp, 80, null, null));
  }

  private Map<String, HostSummary> hosts() {
    Map<String, HostSummary> hosts = new java.util.TreeMap<>();
    for (HostSummary host : tally.summary().hosts()) {
      hosts.put(host.host(), host);
    }
    return hosts;
  }
}

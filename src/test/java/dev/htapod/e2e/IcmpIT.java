package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import org.junit.jupiter.api.Test;

/** ping inside: answered by the gateway, and reported (never sent) for other hosts. */
class IcmpIT {
  @Test
  void theGatewayAnswersPingOverIpv4AndIpv6() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "ping -c 2 -W 2 10.0.2.2 && ping -6 -c 2 -W 2 fd00::2");
    assertThat(result.status()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).contains("2 packets transmitted, 2 received");
  }

  @Test
  void aPingElsewhereIsReportedNotRelayed() throws Exception {
    // 192.0.2.9 is TEST-NET-1: nothing leaves the namespace for it.
    Result result = HtapodProcess.run("--", "ping", "-c", "1", "-W", "1", "192.0.2.9");
    assertThat(result.status()).isEqualTo(1); // ping: no reply
    assertThat(result.stderrLines()).contains(
        "ERR 192.0.2.9 ping not relayed: htapod answers pings to the gateway only (10.0.2.2, fd00::2)");
  }
}

package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ping inside: answered by the gateway; to other addresses relayed through the host's ICMP
 * sockets where the host's net.ipv4.ping_group_range allows them, and reported where it does not.
 * Every address pinged here is mapped to the host's loopback: nothing leaves the machine.
 */
class IcmpIT {
  @Test
  void theGatewayAnswersPingOverIpv4AndIpv6() throws Exception {
    Result result = HtapodProcess.run("--", "sh", "-c", "ping -c 2 -W 2 10.0.2.2 && ping -6 -c 2 -W 2 fd00::2");
    assertThat(result.status()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).contains("2 packets transmitted, 2 received");
  }

  /**
   * The test cannot change the sysctl, so it checks what the host allows: scripts/test allows every
   * group for its runs, a host as shipped by Debian allows none ("1 0").
   */
  @ParameterizedTest(name = "{0} mapped to {1}")
  @CsvSource({"192.0.2.1, 127.0.0.1", "2001:db8::1, ::1", "192.0.2.2, ::1"})
  void aPingElsewhereIsRelayedWhereTheHostAllowsItAndReportedWhereNot(String pinged, String host)
      throws Exception {
    // TEST-NET addresses, mapped to the loopback: never contacted.
    Result result = HtapodProcess.run("--map", pinged + "=" + host, "--",
        "ping", "-c", "3", "-i", "0.2", "-W", "2", pinged);

    PingGroups groups = PingGroups.ofThisProcess();
    if (groups.allowed()) {
      assertThat(result.status()).as(result.stdout() + result.stderr()).isZero();
      assertThat(result.stdout()).contains("3 packets transmitted, 3 received");
      assertThat(result.stderrLines()).containsExactly("ICMP " + host + " 3 echo requests, 3 replies");
    } else {
      assertThat(result.status()).as(result.stdout() + result.stderr()).isEqualTo(1); // ping: no reply
      assertThat(result.stderrLines()).singleElement().asString().startsWith("ERR " + pinged
          + " ping not relayed: the host's net.ipv4.ping_group_range does not include group "
          + groups.effective() + " (it is \"" + groups.range() + "\"");
    }
  }

  /** What the kernel checks before it gives a process an ICMP socket. */
  private record PingGroups(String range, long low, long high, long effective, List<Long> all) {
    static PingGroups ofThisProcess() throws IOException, InterruptedException {
      // readAllLines: Files.readString stops after the first number of this /proc file.
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ping_group_range")).get(0).trim()
          .replaceAll("\\s+", " ");
      String[] bounds = range.split(" ");
      List<Long> all = List.of(output("id", "-G").split(" ")).stream().map(Long::parseLong).toList();
      return new PingGroups(range, Long.parseLong(bounds[0]), Long.parseLong(bounds[1]),
          Long.parseLong(output("id", "-g")), all);
    }

    boolean allowed() {
      return all.stream().anyMatch(group -> low <= group && group <= high);
    }

    private static String output(String... command) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(process.getInputStream().readAllBytes()).trim();
      assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
      return text;
    }
  }
}

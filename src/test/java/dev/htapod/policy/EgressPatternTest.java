package dev.htapod.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EgressPatternTest {
  @ParameterizedTest(name = "{0} matches {1}:{2} ({3}): {4}")
  @CsvSource(delimiter = '|', value = {
    // pattern             | address       | port | name             | matches
    "example.com           | 192.0.2.7     | 443  | example.com      | true",
    "Example.COM.          | 192.0.2.7     | 443  | example.com      | true",
    "example.com           | 192.0.2.7     | 443  | www.example.com  | false",
    "example.com           | 192.0.2.7     | 443  |                  | false",
    "*.example.com         | 192.0.2.7     | 443  | api.example.com  | true",
    "*.example.com         | 192.0.2.7     | 443  | a.b.example.com  | true",
    "*.example.com         | 192.0.2.7     | 443  | example.com      | false",
    "*.example.com         | 192.0.2.7     | 443  | badexample.com   | false",
    "example.com:443       | 192.0.2.7     | 443  | example.com      | true",
    "example.com:443       | 192.0.2.7     | 80   | example.com      | false",
    "192.0.2.7             | 192.0.2.7     | 80   |                  | true",
    "192.0.2.7             | 192.0.2.8     | 80   |                  | false",
    "192.0.2.7:80          | 192.0.2.7     | 80   |                  | true",
    "192.0.2.7:80          | 192.0.2.7     | 81   |                  | false",
    "192.0.2.0/24          | 192.0.2.200   | 80   |                  | true",
    "192.0.2.0/24          | 192.0.3.1     | 80   |                  | false",
    "10.1.2.3/8            | 10.200.0.1    | 80   |                  | true",
    "0.0.0.0/0             | 203.0.113.9   | 80   |                  | true",
    "0.0.0.0/0             | ::1           | 80   |                  | false",
    "192.0.2.0/24:53       | 192.0.2.1     | 53   |                  | true",
    "192.0.2.0/24:53       | 192.0.2.1     | 54   |                  | false",
    "::1                   | ::1           | 80   |                  | true",
    "[::1]:8080            | ::1           | 8080 |                  | true",
    "[::1]:8080            | ::1           | 8081 |                  | false",
    "2001:db8::/32         | 2001:db8:1::5 | 443  |                  | true",
    "2001:db8::/32         | 2001:db9::5   | 443  |                  | false",
    "[2001:db8::/32]:443   | 2001:db8::5   | 443  |                  | true",
    "[2001:db8::/32]:443   | 2001:db8::5   | 80   |                  | false",
    "fd00::/8              | 10.0.0.1      | 80   |                  | false",
    "*                     | 203.0.113.9   | 80   |                  | true",
    "*:25                  | 203.0.113.9   | 25   |                  | true",
    "*:25                  | 203.0.113.9   | 80   |                  | false",
    "127.0.0.1             | 127.0.0.1     | 0    |                  | true",
    "127.0.0.1:80          | 127.0.0.1     | 0    |                  | false",
  })
  void matches(String pattern, String address, int port, String name, boolean matches) throws Exception {
    Destination destination = new Destination(
        List.of(new InetSocketAddress(InetAddress.getByName(address), port)), port,
        name == null ? List.of() : List.of(name));
    assertThat(EgressPattern.parse(pattern).matches(destination)).isEqualTo(matches);
  }

  @Test
  void aNamePatternMatchesNoAddressAndAnAddressPatternNoName() throws Exception {
    Destination byName = new Destination(List.of(), 443, List.of("192.0.2.7"));
    assertThat(EgressPattern.parse("192.0.2.7").matches(byName)).isFalse();
    Destination byAddress =
        new Destination(List.of(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 443)), 443, List.of());
    assertThat(EgressPattern.parse("example.com").matches(byAddress)).isFalse();
  }

  @Test
  void anyOfSeveralAddressesMatchesEachWithItsOwnPort() throws Exception {
    Destination mapped = new Destination(List.of(
        new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80),
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)), 80, List.of());
    assertThat(EgressPattern.parse("127.0.0.1:8080").matches(mapped)).isTrue();
    assertThat(EgressPattern.parse("192.0.2.1:80").matches(mapped)).isTrue();
    assertThat(EgressPattern.parse("127.0.0.1:80").matches(mapped)).isFalse();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "''                 | it is empty",
    "'   '              | it is empty",
    "example.com:       | ':' is not :PORT",
    "example.com:http   | ':http' is not :PORT",
    "example.com:0      | the port must be 1 to 65535",
    "example.com:65536  | the port must be 1 to 65535",
    "a.*.example.com    | * stands only for the whole first label",
    "*example.com       | * stands only for the whole first label",
    "*.*.example.com    | is not a host name",
    "exa mple.com       | is not a host name",
    "ex/ample.com       | is not a host name",
    "..example.com      | is not a host name",
    "999.0.0.1          | '999.0.0.1' is not an IP address",
    "10.0.0             | '10.0.0' is not an IP address",
    "10.0.0.0/33        | the prefix length must be 0 to 32",
    "10.0.0.0/          | the prefix length must be 0 to 32",
    "fd00::/129         | the prefix length must be 0 to 128",
    "example.com/8      | is not a host name",
    "[::1               | lacks the closing ]",
    "[example.com]:80   | brackets hold an IPv6 address",
    "[::1]80            | is not :PORT",
    "1:2:3:x::          | is not an IP address",
    "::1%lo             | is not an IP address",
  })
  void malformedPatternsSayWhatIsWrong(String pattern, String reason) {
    assertThatThrownBy(() -> EgressPattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + pattern + "' is not a valid pattern: ")
        .hasMessageContaining(reason);
  }

  @Test
  void aTrailingDotAndSurroundingSpaceAreIgnored() {
    assertThat(EgressPattern.parse(" example.com. ").mayMatchName("EXAMPLE.com")).isTrue();
  }
}

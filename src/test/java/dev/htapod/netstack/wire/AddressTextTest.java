package dev.htapod.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
  @ParameterizedTest
  @CsvSource({
    "fd00:0:0:0:0:0:0:2, fd00::2",
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "fe80:0:0:0:0:0:0:0, fe80::",
    "10.0.2.2, 10.0.2.2",
  })
  void writesTheShortFormOfRfc5952(String address, String text) throws Exception {
    assertThat(AddressText.of(InetAddress.getByName(address))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.2.2, 443, 10.0.2.2:443",
    "fd00:0:0:0:0:0:0:2, 443, [fd00::2]:443",
  })
  void writesAnAddressAndAPortAsAUrlDoes(String address, int port, String text) throws Exception {
    assertThat(AddressText.withPort(InetAddress.getByName(address), port)).isEqualTo(text);
  }
}

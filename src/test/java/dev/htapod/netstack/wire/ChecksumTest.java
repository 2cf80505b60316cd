package dev.htapod.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.ReferenceChecksum;
import dev.htapod.netstack.StackUnderTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumTest {
  @Test
  void sumsTheExampleOfRfc1071() {
    // RFC 1071 3: these bytes sum to 2ddf0, which folds to ddf2; the checksum is its complement.
    byte[] example = KnownPackets.bytes("00 01 f2 03 f4 f5 f6 f7");
    ByteBuf buf = Unpooled.wrappedBuffer(example);

    long sum = Checksum.add(0, buf, 0, example.length);

    assertThat(Checksum.fold(sum)).isEqualTo(0xddf2);
    assertThat(Checksum.finish(sum)).isEqualTo(0x220d);
    assertThat(ReferenceChecksum.sum(example, 0, example.length)).isEqualTo(0xddf2);
  }

  @Test
  void agreesWithThePlainLoopAtEveryOffsetAndLength() {
    // The stack sums eight bytes at a time; odd lengths and unaligned starts are where that breaks.
    byte[] bytes = new byte[200];
    new Random(1071).nextBytes(bytes);
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);

    for (int offset = 0; offset < 9; offset++) {
      for (int length = 1; offset + length <= bytes.length; length++) {
        assertThat(Checksum.fold(Checksum.add(0, buf, offset, length)))
            .as("offset %d length %d", offset, length)
            .isEqualTo(ReferenceChecksum.sum(bytes, offset, offset + length));
      }
    }
  }

  @Test
  void aRunningSumCarriesOverSeveralCalls() {
    byte[] bytes = new byte[64];
    new Random(7).nextBytes(bytes);
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);

    long inParts = Checksum.add(Checksum.add(0, buf, 0, 24), buf, 24, 40);

    assertThat(Checksum.fold(inParts)).isEqualTo(ReferenceChecksum.sum(bytes, 0, 64));
  }

  @Test
  void theKnownPacketsVerifyAndABitFlipDoesNot() {
    byte[] header = KnownPackets.IPV4_SYN;
    assertThat(Checksum.verifies(Checksum.add(0, Unpooled.wrappedBuffer(header), 0, 20))).isTrue();

    byte[] flipped = KnownPackets.with(header, 15, header[15] ^ 0x04);
    assertThat(Checksum.verifies(Checksum.add(0, Unpooled.wrappedBuffer(flipped), 0, 20))).isFalse();
  }

  @Test
  void thePseudoHeaderSumsTheAddressesProtocolAndLength() {
    byte[] v4 = KnownPackets.bytes("0a 00 02 64 5d b8 d8 22 00 06 00 28");
    byte[] v6 = KnownPackets.bytes(
        "fd 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
            + "00 00 05 dc 00 00 00 11");

    long sum4 = Checksum.pseudoHeader(StackUnderTest.CLIENT4, StackUnderTest.SERVER4, IpPacket.TCP, 40);
    long sum6 = Checksum.pseudoHeader(StackUnderTest.CLIENT6, StackUnderTest.SERVER6, IpPacket.UDP, 1500);

    assertThat(Checksum.fold(sum4)).isEqualTo(ReferenceChecksum.sum(v4, 0, v4.length));
    assertThat(Checksum.fold(sum6)).isEqualTo(ReferenceChecksum.sum(v6, 0, v6.length));
  }
}

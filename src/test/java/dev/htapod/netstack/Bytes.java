package dev.htapod.netstack;

import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Bytes for tests: payloads to send, and what buffers held once the test is done with them. */
public final class Bytes {
  private Bytes() {}

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code length} bytes that repeat only every 251 (a prime), starting at {@code from}. */
  public static byte[] pattern(int from, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ((from + i) % 251);
    }
    return bytes;
  }

  public static byte[] pattern(int length) {
    return pattern(0, length);
  }

  /** The readable bytes of {@code buf}, which is released. */
  public static byte[] takeAll(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    buf.release();
    return bytes;
  }

  /** The IP packet in a packet for the device (virtio header first), which is released. */
  public static byte[] ipPacket(ByteBuf devicePacket) {
    devicePacket.skipBytes(VirtioHeader.LENGTH);
    return takeAll(devicePacket);
  }
}

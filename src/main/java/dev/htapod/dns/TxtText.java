package dev.htapod.dns;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The character-strings of a TXT record's data (RFC 1035 3.3.14), joined. */
final class TxtText {
  private TxtText() {}

  static String of(ByteBuf data) {
    StringBuilder text = new StringBuilder();
    int i = data.readerIndex();
    int end = data.writerIndex();
    while (i < end) {
      int length = data.getUnsignedByte(i++);
      length = Math.min(length, end - i);
      text.append(data.toString(i, length, StandardCharsets.UTF_8));
      i += length;
    }
    return text.toString();
  }
}

package dev.htapod.http;

import java.io.ByteArrayOutputStream;

/** WebSocket frames (RFC 6455 5.2) as bytes: masked as a client sends them, plain as a server does. */
final class WebSocketFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

  private WebSocketFrames() {}

  /** A frame from the command, masked with a fixed key. */
  static byte[] masked(boolean fin, int opcode, byte[] payload) {
    return frame(fin, opcode, payload, true);
  }

  /** A frame from the server. */
  static byte[] plain(boolean fin, int opcode, byte[] payload) {
    return frame(fin, opcode, payload, false);
  }

  /** A close frame's payload: the status code, then the reason. */
  static byte[] closing(int code, String reason) {
    byte[] text = Conversation.ascii(reason);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  private static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int mask = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(mask | payload.length);
    } else if (payload.length < 1 << 16) {
      frame.write(mask | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >> shift));
      }
    }
    if (masked) {
      frame.writeBytes(MASK);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(masked ? payload[i] ^ MASK[i % 4] : payload[i]);
    }
    return frame.toByteArray();
  }
}

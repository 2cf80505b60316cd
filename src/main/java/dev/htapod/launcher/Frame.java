package dev.htapod.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One frame between a launcher and the warm process (native/frames.h): its type, payload and
 * the descriptors it carried, which the receiver owns.
 */
record Frame(int type, ByteBuffer payload, int[] fds) {
  /** Bytes in payloads are the launcher's: file names, arguments and variables as it has them. */
  static final Charset NATIVE = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  /** The next frame on {@code socket}. */
  static Frame receive(int socket) throws IOException {
    byte[][] payload = new byte[1][];
    int[] fds = new int[WarmNative.MAX_FDS];
    int type = WarmNative.receive(socket, payload, fds);
    if (type == 0) {
      throw new IOException("the launcher closed the connection");
    }
    if (type < 0) {
      throw new IOException("receiving from the launcher failed (errno " + -type + ")");
    }
    return new Frame(type, ByteBuffer.wrap(payload[0]).order(ByteOrder.LITTLE_ENDIAN),
        Arrays.stream(fds).filter(fd -> fd >= 0).toArray());
  }

  static void send(int socket, int type, byte[] payload) throws IOException {
    int sent = WarmNative.send(socket, type, payload, null);
    if (sent < 0) {
      throw new IOException("sending to the launcher failed (errno " + -sent + ")");
    }
  }

  /** A payload of one 4-byte number. */
  static byte[] number(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  /** Throws unless this frame is of {@code expected} type; closes what it carried then. */
  Frame expect(int expected) throws IOException {
    if (type != expected) {
      closeDescriptors();
      throw new IOException("the launcher sent a frame of type '" + (char) type + "' where '" + (char) expected
          + "' belongs");
    }
    return this;
  }

  int number() {
    return payload.getInt();
  }

  String string() {
    byte[] bytes = new byte[payload.getInt()];
    payload.get(bytes);
    return new String(bytes, NATIVE);
  }

  List<String> strings() {
    int count = payload.getInt();
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(string());
    }
    return strings;
  }

  byte octet() {
    return payload.get();
  }

  void closeDescriptors() {
    for (int fd : fds) {
      WarmNative.close(fd);
    }
  }
}

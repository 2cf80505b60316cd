package dev.htapod.netstack.icmp;

import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The host's ICMP socket, played by a test: keeps copies of the requests, answers as told. */
public final class RecordingEchoPeer implements EchoPeer {
  private final List<byte[]> requests = new ArrayList<>();
  private Icmp.Unreachable answer;
  private boolean closed;

  @Override
  public Icmp.Unreachable request(ByteBuf message) {
    byte[] copy = new byte[message.readableBytes()];
    message.getBytes(message.readerIndex(), copy);
    requests.add(copy);
    return answer;
  }

  @Override
  public void closed() {
    closed = true;
  }

  /** From now on, requests find their destination unreachable for {@code why} (null: sent). */
  public void answer(Icmp.Unreachable why) {
    this.answer = why;
  }

  /** The requests' ICMP messages, header first. */
  public List<byte[]> requests() {
    return requests;
  }

  public byte[] lastRequest() {
    return requests.get(requests.size() - 1);
  }

  public boolean wasClosed() {
    return closed;
  }

  /** The 16-bit field at {@code offset} of {@code message}. */
  public static int field(byte[] message, int offset) {
    return ((message[offset] & 0xff) << 8) | (message[offset + 1] & 0xff);
  }

  /** The data after the 8-byte echo header. */
  public static byte[] data(byte[] message) {
    return Arrays.copyOfRange(message, 8, message.length);
  }
}

package dev.htapod.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Takes the stack's packets as the TUN device would: copies headers and payload, frees the headers. */
public final class RecordingSink implements PacketSink {
  private final List<Outgoing> packets = new ArrayList<>();

  @Override
  public void send(ByteBuf headers, ByteBuf payload) {
    int headerLength = headers.readableBytes();
    int payloadLength = payload == null ? 0 : payload.readableBytes();
    byte[] bytes = new byte[headerLength + payloadLength];
    headers.getBytes(headers.readerIndex(), bytes, 0, headerLength);
    if (payload != null) {
      payload.getBytes(payload.readerIndex(), bytes, headerLength, payloadLength);
    }
    headers.release();
    packets.add(Outgoing.of(bytes));
  }

  /** Everything sent since the last take. */
  public List<Outgoing> take() {
    List<Outgoing> taken = List.copyOf(packets);
    packets.clear();
    return taken;
  }

  /** The one packet sent since the last take. */
  public Outgoing takeOnly() {
    List<Outgoing> taken = take();
    assertThat(taken).hasSize(1);
    return taken.get(0);
  }

  public boolean isEmpty() {
    return packets.isEmpty();
  }
}

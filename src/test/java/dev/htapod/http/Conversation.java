package dev.htapod.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.StreamTap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the relay shows a tap, in order: the command's and the destination's bytes, and the ends of
 * the connection. Consecutive bytes the same way are one stream, which {@link Cuts} cut into the
 * pieces the relay hands over, one call each (TCP segments, TLS records).
 *
 * <p>Each piece comes in a pooled buffer of its own, with other bytes before its reader index and
 * after its writer index. After each call the buffer must be as it was (indices, reference count),
 * and is then overwritten and released: the bytes were valid only during the call.
 */
final class Conversation {
  private static final int MARGIN = 7;

  private enum Kind { COMMAND, SERVER, COMMAND_ENDED, SERVER_ENDED, CLOSED, NOTE }

  private record Step(Kind kind, byte[] bytes, String note) {
    Step(Kind kind, byte[] bytes) {
      this(kind, bytes, null);
    }
  }

  private final List<Step> steps = new ArrayList<>();

  Conversation command(String text) {
    return bytes(Kind.COMMAND, ascii(text));
  }

  Conversation command(byte[] bytes) {
    return bytes(Kind.COMMAND, bytes);
  }

  Conversation server(String text) {
    return bytes(Kind.SERVER, ascii(text));
  }

  Conversation server(byte[] bytes) {
    return bytes(Kind.SERVER, bytes);
  }

  Conversation commandEnds() {
    steps.add(new Step(Kind.COMMAND_ENDED, null));
    return this;
  }

  Conversation serverEnds() {
    steps.add(new Step(Kind.SERVER_ENDED, null));
    return this;
  }

  Conversation closes() {
    steps.add(new Step(Kind.CLOSED, null));
    return this;
  }

  /** A line for the listener's log at this point, to show what was heard before it. */
  Conversation note(String text) {
    steps.add(new Step(Kind.NOTE, null, text));
    return this;
  }

  /** The command ends, then the destination, then the connection is gone: a clean close. */
  Conversation bothEnd() {
    return commandEnds().serverEnds().closes();
  }

  /** The lengths of the byte streams, in order. */
  int[] streamLengths() {
    return steps.stream().filter(step -> step.bytes != null).mapToInt(step -> step.bytes.length).toArray();
  }

  /** Shows {@code tap} the conversation cut by {@code cuts}; notes go to {@code notes}. */
  void play(StreamTap tap, Cuts cuts, Consumer<String> notes) {
    int stream = 0;
    for (Step step : steps) {
      switch (step.kind) {
        case COMMAND -> show(tap::fromCommand, "fromCommand", step.bytes, cuts, stream++);
        case SERVER -> show(tap::fromServer, "fromServer", step.bytes, cuts, stream++);
        case COMMAND_ENDED -> tap.commandEnded();
        case SERVER_ENDED -> tap.serverEnded();
        case CLOSED -> tap.closed();
        case NOTE -> notes.accept(step.note);
      }
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private Conversation bytes(Kind kind, byte[] bytes) {
    Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    if (last != null && last.kind == kind) {
      byte[] joined = Arrays.copyOf(last.bytes, last.bytes.length + bytes.length);
      System.arraycopy(bytes, 0, joined, last.bytes.length, bytes.length);
      steps.set(steps.size() - 1, new Step(kind, joined));
    } else {
      steps.add(new Step(kind, bytes.clone()));
    }
    return this;
  }

  private static void show(Consumer<ByteBuf> call, String name, byte[] bytes, Cuts cuts, int stream) {
    int offset = 0;
    for (int length : cuts.pieces(stream, bytes.length)) {
      ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(MARGIN + length + MARGIN);
      piece.writeBytes(noise(MARGIN)).writeBytes(bytes, offset, length).writeBytes(noise(MARGIN));
      piece.setIndex(MARGIN, MARGIN + length);
      call.accept(piece);
      assertThat(new int[] {piece.readerIndex(), piece.writerIndex()})
          .as("%s(bytes %d..%d of stream %d, %s) left reader and writer index as they were",
              name, offset, offset + length, stream, cuts)
          .containsExactly(MARGIN, MARGIN + length);
      // The relay lets go of its buffers once written: what a tap keeps, it must have retained
      // (a use after release throws, and a retain never released is a LEAK).
      piece.release();
      offset += length;
    }
  }

  private static byte[] noise(int length) {
    byte[] noise = new byte[length];
    Arrays.fill(noise, (byte) 0xA5);
    return noise;
  }
}

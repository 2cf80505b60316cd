package dev.htapod.netstack.tcp;

import dev.htapod.netstack.Bytes;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The relay's side of a connection, played by a test: keeps what it is told, frees the bytes. */
public final class RecordingPeer implements TcpPeer {
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean endOfData;
  private boolean reset;
  private boolean closed;
  private int canSendMore;
  private int batchEnds;
  private int batchEndsAtReset = -1;
  /** What {@link #pendingBytes} answers: bytes the relay holds unwritten, as the test sets it. */
  public long pending;
  /** What {@link #pending} becomes at the end of a batch, when the relay writes out; -1: unchanged. */
  public long pendingAfterBatch = -1;
  /** Thrown at the end of a batch, as a failing relay would; null for none. */
  public RuntimeException batchEndFailure;
  /** Runs after each piece of data is taken, as a relay's policy would judge it; null for none. */
  public Runnable afterData;

  @Override
  public void data(ByteBuf data) {
    received.writeBytes(Bytes.takeAll(data));
    if (afterData != null) {
      afterData.run();
    }
  }

  @Override
  public void endOfBatch() {
    batchEnds++;
    if (batchEndFailure != null) {
      throw batchEndFailure;
    }
    if (pendingAfterBatch >= 0) {
      pending = pendingAfterBatch;
    }
  }

  @Override
  public void endOfData() {
    endOfData = true;
  }

  @Override
  public void reset() {
    reset = true;
    batchEndsAtReset = batchEnds;
  }

  @Override
  public long pendingBytes() {
    return pending;
  }

  @Override
  public void canSendMore() {
    canSendMore++;
  }

  @Override
  public void closed() {
    closed = true;
  }

  public byte[] received() {
    return received.toByteArray();
  }

  public String receivedText() {
    return received.toString(StandardCharsets.US_ASCII);
  }

  public boolean endOfDataSeen() {
    return endOfData;
  }

  public boolean wasReset() {
    return reset;
  }

  public boolean wasClosed() {
    return closed;
  }

  public int batchEnds() {
    return batchEnds;
  }

  /** How many batch ends the peer had seen when it was reset; -1 if it was not. */
  public int batchEndsAtReset() {
    return batchEndsAtReset;
  }

  public int canSendMoreCalls() {
    return canSendMore;
  }
}

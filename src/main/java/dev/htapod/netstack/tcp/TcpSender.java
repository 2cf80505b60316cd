package dev.htapod.netstack.tcp;

import dev.htapod.netstack.wire.SeqNum;
import dev.htapod.netstack.wire.TcpSegment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The sending half of a connection: bytes from the destination queued until the command
 * acknowledges them. The queue is the retransmission buffer; what has been sent is the part
 * between {@code unacked} and {@code next}.
 */
final class TcpSender {
  /** Bytes queued (sent or not) at most before the relay stops reading the destination. */
  static final int CAPACITY = 2 << 20;

  /** Writes one segment: its sequence number, flags, and data (borrowed; may be null). */
  interface SegmentWriter {
    void write(int seq, int flags, ByteBuf data);
  }

  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private long queued;
  private int unacked;
  private int next;
  private int window;
  private int windowScale;
  private int mss;
  private boolean finQueued;
  private int finSeq;
  private int duplicateAcks;
  /**
   * In fast recovery from a loss (RFC 6582): until {@link #recover}, what we had sent when it
   * began, is acknowledged, more duplicate ACKs for the same loss resend nothing more.
   */
  private boolean recovering;
  private int recover;
  /** The oldest unacknowledged segment goes out again with the next transmit. */
  private boolean resendOldest;
  private long delivered;

  /** Starts with our initial sequence number {@code isn} (the SYN takes one). */
  void start(int isn, int peerMss, int peerScale, int peerWindow) {
    unacked = isn + 1;
    next = isn + 1;
    mss = peerMss;
    windowScale = Math.max(peerScale, 0);
    window = peerWindow;
  }

  /** Queues bytes from the destination; ownership passes here. */
  void enqueue(ByteBuf data) {
    if (data.isReadable() && !finQueued) {
      queued += data.readableBytes();
      queue.add(data);
    } else {
      data.release();
    }
  }

  /** The destination has no more: a FIN follows the queued bytes. */
  void queueFin() {
    if (!finQueued) {
      finQueued = true;
      finSeq = unacked + (int) queued;
    }
  }

  boolean finQueued() {
    return finQueued;
  }

  boolean hasRoom() {
    return queued < CAPACITY;
  }

  boolean finAcked() {
    return finQueued && SeqNum.gt(unacked, finSeq);
  }

  /** Whether the command has acknowledged every byte queued (and the FIN, if one was). */
  boolean drained() {
    return queued == 0 && (!finQueued || finAcked());
  }

  /** Whether the command has acknowledged every byte queued; a FIN may still be unanswered. */
  boolean acknowledgedAll() {
    return queued == 0;
  }

  boolean idle() {
    return unacked == next;
  }

  int next() {
    return next;
  }

  /** Bytes the command has acknowledged. */
  long delivered() {
    return delivered;
  }

  /** Nothing is in flight, yet something waits that the command's zero window holds back. */
  boolean stalledByWindow() {
    return window == 0 && idle() && (queued > 0 || (finQueued && next == finSeq));
  }

  /**
   * Takes an acknowledgment and window update.
   *
   * @return true when it acknowledged new data
   */
  boolean acknowledge(int ack, int windowField, boolean pureAck) {
    int newWindow = windowField << windowScale;
    if (SeqNum.gt(ack, next) || SeqNum.lt(ack, unacked)) {
      return false; // acknowledges what we never sent, or old news
    }
    if (ack == unacked) {
      boolean duplicate = pureAck && newWindow == window && !idle();
      window = newWindow;
      if (duplicate && ++duplicateAcks == 3 && !recovering) {
        // Fast retransmit (RFC 5681 3.2) of the segment the command lacks: the kernel inside keeps
        // what came after it, and says so with one duplicate ACK per segment.
        recovering = true;
        recover = next;
        resendOldest = true;
      }
      return false;
    }
    window = newWindow;
    duplicateAcks = 0;
    int acked = SeqNum.diff(ack, unacked);
    int dataAcked = (int) Math.min(acked, queued);
    unacked = ack;
    queued -= dataAcked;
    delivered += dataAcked;
    while (dataAcked > 0) {
      ByteBuf first = queue.peekFirst();
      int take = Math.min(dataAcked, first.readableBytes());
      first.skipBytes(take);
      dataAcked -= take;
      if (!first.isReadable()) {
        queue.pollFirst().release();
      }
    }
    if (recovering) {
      // A partial ACK points at the next hole (RFC 6582 3.2); a full one ends the recovery.
      resendOldest = SeqNum.lt(ack, recover);
      recovering = resendOldest;
    }
    return true;
  }

  /**
   * Sends as much as the window allows, then the FIN when it is due. Each segment's payload is
   * a slice of one queued chunk, or of two where a full segment spans a chunk boundary (reads
   * come in 64 KiB, segments in MSS-sized pieces): no byte is copied on the way to the device.
   */
  void transmit(SegmentWriter writer) {
    if (resendOldest) {
      resendOldest = false;
      int highest = next;
      next = unacked;
      send(writer, 1);
      next = SeqNum.gt(highest, next) ? highest : next;
    }
    send(writer, Integer.MAX_VALUE);
  }

  /** Sends up to {@code limit} segments from {@code next} on, as the window allows. */
  private void send(SegmentWriter writer, int limit) {
    int segments = 0;
    int inFlight = SeqNum.diff(next, unacked);
    long offset = Math.min(inFlight, queued); // of the first unsent byte in the queue
    Iterator<ByteBuf> chunks = queue.iterator();
    ByteBuf chunk = null;
    long chunkStart = 0;
    while (offset < queued && inFlight < window && segments < limit) {
      while (chunk == null || offset >= chunkStart + chunk.readableBytes()) {
        chunkStart += chunk == null ? 0 : chunk.readableBytes();
        chunk = chunks.next();
      }
      int inChunk = (int) (offset - chunkStart);
      int wanted = (int) Math.min(Math.min(mss, window - inFlight), queued - offset);
      int fromChunk = Math.min(wanted, chunk.readableBytes() - inChunk);
      ByteBuf data = chunk.retainedSlice(chunk.readerIndex() + inChunk, fromChunk);
      if (fromChunk < wanted) {
        chunkStart += chunk.readableBytes();
        chunk = chunks.next();
        ByteBuf rest = chunk.retainedSlice(chunk.readerIndex(), Math.min(wanted - fromChunk, chunk.readableBytes()));
        data = Unpooled.wrappedBuffer(data, rest);
      }
      int length = data.readableBytes();
      boolean last = offset + length == queued;
      boolean fin = last && finQueued;
      int flags = TcpSegment.ACK | (last ? TcpSegment.PSH : 0) | (fin ? TcpSegment.FIN : 0);
      try {
        writer.write(next, flags, data);
      } finally {
        data.release();
      }
      next += length + (fin ? 1 : 0);
      inFlight += length;
      offset += length;
      segments++;
    }
    if (finQueued && next == finSeq && segments < limit) {
      writer.write(next, TcpSegment.ACK | TcpSegment.FIN, null);
      next += 1;
    }
  }

  /** Sends everything unacknowledged again, from the oldest byte (the timer expired). */
  void rewind() {
    next = unacked;
    duplicateAcks = 0;
    recovering = false;
    resendOldest = false;
  }

  /** A window probe: one old byte's worth of sequence, which the command answers with an ACK. */
  void probe(SegmentWriter writer) {
    writer.write(unacked - 1, TcpSegment.ACK, null);
  }

  void release() {
    queue.forEach(ByteBuf::release);
    queue.clear();
    queued = 0;
  }
}

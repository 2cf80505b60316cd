package dev.htapod.netstack.tcp;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.Timers;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.SeqNum;
import dev.htapod.netstack.wire.TcpHeaders;
import dev.htapod.netstack.wire.TcpSegment;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One terminated TCP connection of the command: the handshake, the two directions ({@link
 * TcpReceiver}, {@link TcpSender}), close and reset, and what to do when the {@link
 * RetransmissionTimer} expires. See the package's theory of operation.
 */
public final class TcpConnection {
  private static final int MAX_TIMEOUTS = 12;
  /** SYN-ACKs resent at most (Linux's tcp_synack_retries): a silent command frees its dial in ~13 s. */
  private static final int MAX_SYN_ACK_TIMEOUTS = 5;

  private enum State { DIALING, SYN_RECEIVED, ESTABLISHED, CLOSED }

  private final FlowKey key;
  private final TcpDemux demux;
  private final TcpHeaders headers;
  private final int clientIsn;
  private final int clientMss;
  private final int clientScale;
  private final int clientWindow;
  private final int isn = ThreadLocalRandom.current().nextInt();
  private final long openedAt;
  private ByteBuf synQuote;
  private State state = State.DIALING;
  private TcpPeer peer;
  private TcpReceiver receiver;
  private final TcpSender sender = new TcpSender();
  private boolean ackDue;
  private ResetBy resetBy = ResetBy.NONE;
  /** Whether we reset it because the command stopped answering. */
  private boolean abandoned;
  /** Whether a RST follows once the command has acknowledged what is queued. */
  private boolean abortWhenDrained;
  /** Waiting for the end of the batch of segments being read (an ACK, the peer's write). */
  private boolean batched;
  private final RetransmissionTimer timer;
  /** Made once: a method reference made per send is a method handle call in C1-compiled code. */
  private final TcpSender.SegmentWriter segmentWriter = this::writeSegment;

  TcpConnection(FlowKey key, TcpSegment syn, ByteBuf synQuote, TcpDemux demux) {
    this.key = key;
    this.demux = demux;
    this.headers = demux.headersFor(key);
    this.clientIsn = syn.seq();
    this.clientMss = syn.mss() > 0 ? syn.mss() : 536; // RFC 9293 3.7.1 default
    this.clientScale = syn.windowScale();
    this.clientWindow = syn.window();
    this.synQuote = synQuote;
    this.openedAt = demux.timers().nanoTime();
    this.timer = new RetransmissionTimer(demux.timers(), this::timedOut);
  }

  public FlowKey key() {
    return key;
  }

  /** When the command's SYN arrived, on the stack's clock. */
  public long openedAt() {
    return openedAt;
  }

  /** Bytes the command sent on this connection. */
  public long bytesFromClient() {
    return receiver == null ? 0 : receiver.received();
  }

  /** Bytes the command received (acknowledged) on this connection. */
  public long bytesToClient() {
    return sender.delivered();
  }

  public boolean isOpen() {
    return state != State.CLOSED;
  }

  /** Who ended it with a RST, if anyone did. */
  public enum ResetBy {
    NONE,
    /** The command's RST. */
    COMMAND,
    /** The peer's {@link #abort}: the destination reset, or the relay failed. */
    PEER,
    /** The stack gave up: the command stopped answering, or the run ended. */
    STACK
  }

  public ResetBy resetBy() {
    return resetBy;
  }

  /** Whether the stack ended it because the command stopped answering (then reset both ways). */
  public boolean wasAbandoned() {
    return abandoned;
  }

  /** The destination answered: completes the handshake, with {@code peer} as the far end. */
  public void accept(TcpPeer peer) {
    assert demux.timers().onStackThread();
    if (state != State.DIALING) {
      peer.reset(); // the command gave up while we dialed
      return;
    }
    this.peer = peer;
    receiver = new TcpReceiver(peer);
    receiver.start(clientIsn, clientScale);
    int scale = receiver.announcedScale() >= 0 ? clientScale : 0;
    sender.start(isn, Math.min(clientMss, demux.mss(key)), scale, clientWindow);
    releaseQuote();
    state = State.SYN_RECEIVED;
    sendSynAck();
    armTimer(true);
  }

  /** The destination refused: the command sees "connection refused" at once. */
  public void refuse() {
    assert demux.timers().onStackThread();
    if (state == State.DIALING) {
      demux.sendReset(key, 0, clientIsn + 1, true);
      close();
    }
  }

  /** The destination cannot be reached: an ICMP error, as a router would send. */
  public void unreachable(Icmp.Unreachable why) {
    assert demux.timers().onStackThread();
    if (state == State.DIALING) {
      demux.sendUnreachable(key, synQuote, why);
      close();
    }
  }

  /** Bytes from the destination for the command, sent at once; ownership passes here. */
  public void send(ByteBuf data) {
    queue(data);
    transmit();
  }

  /**
   * Bytes from the destination for the command, sent with the next {@link #push}, {@link #send},
   * {@link #endOfInput} or segment from the command; ownership passes here. A destination that
   * answers and closes is read as both at once: queued, the answer and our FIN go out as one
   * segment, which the command's kernel takes in, and wakes the command for, once.
   */
  public void queue(ByteBuf data) {
    assert demux.timers().onStackThread();
    if (state == State.CLOSED || sender.finQueued()) {
      data.release();
      return;
    }
    sender.enqueue(data);
  }

  /** Sends what {@link #queue} holds, as the window allows. */
  public void push() {
    assert demux.timers().onStackThread();
    transmit();
  }

  /** The destination has sent everything: our FIN follows the data. */
  public void endOfInput() {
    assert demux.timers().onStackThread();
    if (state != State.CLOSED) {
      sender.queueFin();
      transmit();
      closeIfDone();
    }
  }

  /** The destination reset the connection, or the relay failed: RST to the command. */
  public void abort() {
    assert demux.timers().onStackThread();
    resetBy = resetBy == ResetBy.NONE ? ResetBy.PEER : resetBy;
    if (state == State.SYN_RECEIVED || state == State.ESTABLISHED) {
      demux.sendReset(key, sender.next(), receiver.next(), true);
    }
    if (state == State.DIALING) {
      demux.sendReset(key, 0, clientIsn + 1, true);
    }
    close();
  }

  /**
   * The destination reset the connection after what it sent: that still reaches the command, then
   * the RST. On a direct connection the bytes that arrived before a RST stay readable too.
   */
  public void abortAfterData() {
    assert demux.timers().onStackThread();
    if (state != State.ESTABLISHED || sender.drained()) {
      abort();
    } else {
      abortWhenDrained = true;
    }
  }

  /**
   * The run ends. A connection the command had finished with (its FIN came after it acknowledged
   * all we sent) was whole for it and closes; only the last steps of the goodbye, which need the
   * destination and the command's orphaned socket, are left out. Any other is reset both ways.
   */
  void runEnded() {
    if (state == State.ESTABLISHED && receiver.finished() && sender.acknowledgedAll()) {
      close();
    } else {
      resetBothWays();
    }
  }

  /**
   * Ends a connection the stack gives up on (the command stopped answering, or the run ends):
   * the destination sees a reset too, not an orderly end that would pass a cut-off stream for
   * a whole one.
   */
  void resetBothWays() {
    resetBy = ResetBy.STACK;
    if (peer != null) {
      peer.reset();
    }
    abort();
  }

  /** Whether the relay may read more from the destination. */
  public boolean hasRoom() {
    return sender.hasRoom();
  }

  /**
   * The relay wrote out what it held: tell the command the window is open again, now, as a
   * sender stalled on our window sends nothing that would make us answer later.
   */
  public void windowOpened() {
    assert demux.timers().onStackThread();
    if (state == State.ESTABLISHED) {
      ackDue = true;
      flushAck();
    }
  }

  /** A segment from the command for this connection, whose packet is {@code packet}. */
  void segment(TcpSegment segment, ByteBuf packet) {
    if (segment.has(TcpSegment.RST)) {
      // While we dial, the only sequence number the command can have sent is the one after its SYN.
      if (receiver == null ? segment.seq() == clientIsn + 1 : receiver.acceptsReset(segment.seq())) {
        resetBy = ResetBy.COMMAND;
        if (peer != null) {
          peer.endOfBatch(); // bytes that came before the RST in this batch still go out
          peer.reset();
        }
        close();
      }
      return;
    }
    if (segment.has(TcpSegment.SYN)) {
      if (state == State.SYN_RECEIVED && segment.seq() == clientIsn) {
        sendSynAck(); // our SYN-ACK was lost
      } else if (state == State.ESTABLISHED) {
        // A challenge ACK (RFC 5961 4.2): a command that lost this connection answers it with a
        // RST that ends ours, and its next SYN opens a new one.
        ackDue = true;
        flushAck();
      }
      return;
    }
    if (state == State.DIALING || !segment.has(TcpSegment.ACK)) {
      return;
    }
    if (state == State.SYN_RECEIVED) {
      if (segment.ack() != isn + 1) {
        demux.sendReset(key, segment.ack(), 0, false);
        return;
      }
      state = State.ESTABLISHED;
      timer.resetBackoff(); // lost SYN-ACKs say nothing of the data's timeouts
    }
    boolean pureAck = segment.dataLength() == 0 && !segment.has(TcpSegment.FIN);
    if (sender.acknowledge(segment.ack(), segment.window(), pureAck)) {
      timer.resetBackoff();
      armTimer(true); // RFC 6298 5.3: new data acknowledged restarts the timer
      if (sender.hasRoom()) {
        peer.canSendMore();
      }
    } else if (sender.stalledByWindow()) {
      timer.answered(); // a reader that does not read keeps its connection
    }
    if (pureAck && SeqNum.lt(segment.seq(), receiver.next())) {
      // A keep-alive probe (RFC 9293 3.8.4): an old sequence number, answered with an ACK.
      ackDue = true;
      atEndOfBatch();
    }
    if (!pureAck) {
      atEndOfBatch(); // first: what the peer is handed must be written out whatever follows
      ByteBuf data = packet.retainedSlice(segment.dataOffset(), segment.dataLength());
      boolean inOrder = receiver.receive(segment.seq(), data, segment.has(TcpSegment.FIN));
      ackDue = true;
      if (receiver.ackUrgent()) {
        writeOutAndAck();
      } else if (!inOrder) {
        // Acknowledged at once, not once per batch (RFC 5681 4.2): a duplicate ACK per segment
        // beyond a gap is what makes the command resend the missing one early.
        flushAck();
      }
    }
    if (state != State.CLOSED) {
      transmit();
      closeIfDone();
    }
    if (abortWhenDrained && state != State.CLOSED && sender.drained()) {
      abort();
    }
  }

  private void atEndOfBatch() {
    if (!batched) {
      batched = true;
      demux.atEndOfBatch(this);
    }
  }

  /** The batch of segments read from the device is over: the peer writes, then we ACK. */
  void endOfBatch() {
    batched = false;
    writeOutAndAck();
  }

  /** The peer writes out first: the window our ACK offers counts what it still holds. */
  private void writeOutAndAck() {
    if (state == State.ESTABLISHED) {
      peer.endOfBatch();
      flushAck();
    }
  }

  /** Sends the ACK that the segments so far earned, with our current window. */
  private void flushAck() {
    if (ackDue && state == State.ESTABLISHED) {
      writeSegment(sender.next(), TcpSegment.ACK, null);
    }
  }

  private void transmit() {
    if (state == State.ESTABLISHED) {
      sender.transmit(segmentWriter);
      armTimer(false);
    }
  }

  private void writeSegment(int seq, int flags, ByteBuf data) {
    demux.sendSegment(headers, seq, receiver.next(), flags, receiver.windowField(), data);
    ackDue = false;
  }

  private void sendSynAck() {
    // The window of a SYN segment is never scaled (RFC 7323 2.2).
    int window = Math.min(0xffff, TcpReceiver.CAPACITY);
    demux.sendSynAck(key, isn, receiver.next(), window, receiver.announcedScale());
  }

  private void closeIfDone() {
    if (receiver.finished() && sender.finAcked()) {
      flushAck(); // the command's FIN is acknowledged before we forget the connection
      close();
    }
  }

  private void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    timer.stop();
    releaseQuote();
    if (receiver != null) {
      receiver.release();
    }
    sender.release();
    demux.remove(this);
    if (peer != null) {
      peer.closed();
    }
  }

  private void releaseQuote() {
    if (synQuote != null) {
      synQuote.release();
      synQuote = null;
    }
  }

  private void armTimer(boolean restart) {
    boolean needed = state == State.SYN_RECEIVED || !sender.idle() || sender.stalledByWindow();
    timer.arm(needed && state != State.CLOSED, restart);
  }

  /** The retransmission timer expired: resend, probe a zero window, or give up. */
  private void timedOut() {
    if (state == State.CLOSED) {
      return;
    }
    int limit = state == State.SYN_RECEIVED ? MAX_SYN_ACK_TIMEOUTS : MAX_TIMEOUTS;
    if (timer.unanswered() > limit) {
      abandoned = true;
      resetBothWays();
      return;
    }
    if (state == State.SYN_RECEIVED) {
      sendSynAck();
    } else if (sender.stalledByWindow()) {
      sender.probe(segmentWriter);
    } else {
      sender.rewind();
      sender.transmit(segmentWriter);
    }
    armTimer(true);
  }
}

package dev.htapod.netstack.tcp;

import dev.htapod.netstack.wire.SeqNum;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving half of a connection: the command's bytes in order, out to the peer, and the
 * window we offer for them.
 */
final class TcpReceiver {
  /**
   * Bytes we accept beyond what the peer has written out. Most of the time the outward socket
   * takes everything at once, so this is the window the command sees: 6 MiB let an upload run
   * ~10 % faster than 2 MiB did (fewer stalls waiting for our ACKs, and fewer ACKs).
   */
  static final int CAPACITY = 6 << 20;
  /** Our window scale (RFC 7323): windows up to 8 MiB. */
  static final int WINDOW_SCALE = 7;
  /** Segments ahead of a gap kept at most; beyond that they are dropped and resent. */
  private static final int MAX_OUT_OF_ORDER = 256;

  private final TcpPeer peer;
  private int next;
  private int advertisedEdge;
  private int acknowledged;
  private int scale;
  private boolean finished;
  private long received;
  /** Segments beyond a gap, by sequence number, keyed relative to {@code next} at insertion. */
  private final TreeMap<Integer, ByteBuf> ahead = new TreeMap<>(SeqNum::compare);
  /** The connection is over: nothing more goes to the peer. */
  private boolean released;

  TcpReceiver(TcpPeer peer) {
    this.peer = peer;
  }

  /** Starts after the command's SYN with sequence number {@code isn}. */
  void start(int isn, int peerOfferedScale) {
    next = isn + 1;
    advertisedEdge = next;
    acknowledged = next;
    scale = peerOfferedScale >= 0 ? WINDOW_SCALE : 0;
  }

  int next() {
    return next;
  }

  boolean finished() {
    return finished;
  }

  long received() {
    return received;
  }

  /** The scale we announce in our SYN-ACK, or -1 when the command does not scale. */
  int announcedScale() {
    return scale > 0 ? WINDOW_SCALE : -1;
  }

  /**
   * Takes the data (and FIN) of a segment whose payload is {@code data} (a retained slice, owned
   * from here on) starting at sequence number {@code seq}.
   *
   * @return true when something new arrived (and an ACK is due either way for data)
   */
  boolean receive(int seq, ByteBuf data, boolean fin) {
    if (finished) {
      data.release();
      return false;
    }
    int length = data.readableBytes();
    int distance = SeqNum.diff(seq, next);
    if (distance > 2 * CAPACITY || distance < -2 * CAPACITY) {
      // Far outside any window we offered (a corrupted or ancient sequence number): the ACK
      // this earns tells the sender where we are (RFC 9293 3.10.7.4).
      data.release();
      return false;
    }
    if (SeqNum.lt(seq, next)) {
      int old = SeqNum.diff(next, seq);
      if (old >= length + (fin ? 1 : 0)) {
        data.release();
        return false; // all of it arrived before: a retransmission or a keep-alive probe
      }
      data.skipBytes(Math.min(old, length));
      seq = next;
      length = data.readableBytes();
    }
    if (seq != next) {
      keepAhead(seq, data, fin);
      return false;
    }
    deliver(data, fin);
    drainAhead();
    return true;
  }

  private void deliver(ByteBuf data, boolean fin) {
    int length = data.readableBytes();
    if (length > 0) {
      next += length;
      received += length;
      peer.data(data);
    } else {
      data.release();
    }
    // The peer may have ended the connection on seeing the data (a name the policy denies).
    if (fin && !released) {
      next += 1;
      finished = true;
      peer.endOfData();
    }
  }

  private void keepAhead(int seq, ByteBuf data, boolean fin) {
    if (fin || ahead.size() >= MAX_OUT_OF_ORDER || ahead.containsKey(seq)) {
      data.release(); // the FIN is taken only in order; the sender resends what we drop
      return;
    }
    ahead.put(seq, data);
  }

  private void drainAhead() {
    while (!ahead.isEmpty() && !finished) {
      Map.Entry<Integer, ByteBuf> first = ahead.firstEntry();
      int seq = first.getKey();
      if (SeqNum.gt(seq, next)) {
        return;
      }
      ahead.pollFirstEntry();
      ByteBuf data = first.getValue();
      int old = SeqNum.diff(next, seq);
      if (old >= data.readableBytes()) {
        data.release();
        continue;
      }
      data.skipBytes(old);
      deliver(data, false);
    }
  }

  /**
   * Whether so much arrived since our last ACK that waiting for the end of the batch would stall
   * the sender on its window: a sixteenth of our capacity.
   */
  boolean ackUrgent() {
    return SeqNum.diff(next, acknowledged) >= CAPACITY / 16;
  }

  /**
   * The window field for our next segment, which acknowledges everything up to {@code next}: what we can take beyond {@code next}, never moving the
   * right edge we announced before to the left.
   */
  int windowField() {
    acknowledged = next;
    long free = Math.max(0, CAPACITY - peer.pendingBytes());
    int edge = next + (int) Math.min(free, (0xffffL << scale));
    if (SeqNum.lt(edge, advertisedEdge)) {
      edge = advertisedEdge;
    }
    advertisedEdge = edge;
    int window = SeqNum.diff(edge, next);
    return Math.min(0xffff, (window + (1 << scale) - 1) >>> scale);
  }

  /** A RST is believed only inside the window we could have offered (RFC 9293 3.10.7.4). */
  boolean acceptsReset(int seq) {
    return SeqNum.within(seq, next, next + CAPACITY + 1);
  }

  /** Releases what waits ahead of a gap. */
  void release() {
    released = true;
    ahead.values().forEach(ByteBuf::release);
    ahead.clear();
  }
}

package dev.htapod.netstack.udp;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * One UDP flow of the command. Datagrams that arrive before a peer is attached wait, a few at
 * most; the flow ends after a time without traffic either way.
 */
public final class UdpFlow {
  private static final int MAX_WAITING = 64;

  private final FlowKey key;
  private final UdpFlows flows;
  private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
  private final long openedAt;
  private ByteBuf lastQuote;
  private UdpPeer peer;
  private boolean closed;
  private long lastActivity;
  private long datagramsOut;
  private long datagramsIn;
  private long bytesOut;
  private long bytesIn;

  UdpFlow(FlowKey key, UdpFlows flows) {
    this.key = key;
    this.flows = flows;
    this.openedAt = flows.timers().nanoTime();
    this.lastActivity = openedAt;
  }

  public boolean isOpen() {
    return !closed;
  }

  public FlowKey key() {
    return key;
  }

  public long openedAt() {
    return openedAt;
  }

  public long datagramsOut() {
    return datagramsOut;
  }

  public long datagramsIn() {
    return datagramsIn;
  }

  public long bytesOut() {
    return bytesOut;
  }

  public long bytesIn() {
    return bytesIn;
  }

  /** Starts relaying: datagrams that waited go to {@code peer} first. */
  public void attach(UdpPeer peer) {
    assert flows.timers().onStackThread();
    if (closed) {
      peer.closed();
      return;
    }
    this.peer = peer;
    ByteBuf data;
    while ((data = waiting.poll()) != null) {
      peer.datagram(data);
    }
  }

  /** A datagram for the command from the destination; ownership passes here. */
  public void reply(ByteBuf data) {
    assert flows.timers().onStackThread();
    if (closed) {
      data.release();
      return;
    }
    datagramsIn++;
    bytesIn += data.readableBytes();
    flows.tap().datagram(key, false, data);
    lastActivity = flows.timers().nanoTime();
    flows.sendToClient(key, data);
  }

  /** The destination is unreachable (or refused the port): an ICMP error, and the flow ends. */
  public void unreachable(Icmp.Unreachable why) {
    if (!closed && lastQuote != null) {
      flows.sendUnreachable(key, lastQuote, why);
    }
    close();
  }

  /** Ends the flow now. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    waiting.forEach(ByteBuf::release);
    waiting.clear();
    if (lastQuote != null) {
      lastQuote.release();
      lastQuote = null;
    }
    flows.remove(this);
    if (peer != null) {
      peer.closed();
    }
  }

  /** A datagram from the command and the start of its packet, for ICMP errors about it. */
  void fromClient(ByteBuf data, ByteBuf quote) {
    datagramsOut++;
    bytesOut += data.readableBytes();
    flows.tap().datagram(key, true, data);
    lastActivity = flows.timers().nanoTime();
    if (lastQuote != null) {
      lastQuote.release();
    }
    lastQuote = quote;
    if (peer != null) {
      peer.datagram(data);
    } else if (waiting.size() < MAX_WAITING) {
      waiting.add(data);
    } else {
      data.release();
    }
  }

  long lastActivity() {
    return lastActivity;
  }

  boolean closed() {
    return closed;
  }
}

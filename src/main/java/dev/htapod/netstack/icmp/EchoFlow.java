package dev.htapod.netstack.icmp;

import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;

/**
 * One ping of the command: the echo requests of one identifier from one of its addresses to one
 * destination, and the replies. It ends after a time without either.
 */
public final class EchoFlow {
  private final EchoKey key;
  private final EchoFlows flows;
  private final long openedAt;
  /** Null when the forwarder refused the flow: its requests are dropped. */
  private EchoPeer peer;
  private boolean closed;
  private long lastActivity;
  private long requests;
  private long replies;

  EchoFlow(EchoKey key, EchoFlows flows) {
    this.key = key;
    this.flows = flows;
    this.openedAt = flows.timers().nanoTime();
    this.lastActivity = openedAt;
  }

  public EchoKey key() {
    return key;
  }

  public long openedAt() {
    return openedAt;
  }

  public long requests() {
    return requests;
  }

  public long replies() {
    return replies;
  }

  /**
   * An echo reply from the destination, its ICMP message header first (borrowed), as the host's
   * socket received it: it goes to the command with the command's own identifier.
   */
  public void reply(ByteBuf message) {
    if (closed) {
      return;
    }
    replies++;
    lastActivity = flows.timers().nanoTime();
    flows.sendReply(key, message);
  }

  /** Ends the flow now. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    flows.remove(this);
    if (peer != null) {
      peer.closed();
    }
  }

  void attach(EchoPeer peer) {
    if (peer != null && closed) {
      peer.closed();
      return;
    }
    this.peer = peer;
  }

  /** An echo request from the command (borrowed); why the destination is unreachable, or null. */
  Icmp.Unreachable request(ByteBuf message) {
    requests++;
    lastActivity = flows.timers().nanoTime();
    return peer == null ? null : peer.request(message);
  }

  long lastActivity() {
    return lastActivity;
  }

  boolean closed() {
    return closed;
  }
}

package dev.htapod.netstack.icmp;

import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;

/** The far end of an echo flow: an ICMP socket on the host. */
public interface EchoPeer {
  /**
   * An echo request from the command, its ICMP message header first (borrowed: the stack is done
   * with it when this returns, and the peer may rewrite its header in place).
   *
   * @return null once sent (or lost, as on a wire), or why the destination cannot be reached
   */
  Icmp.Unreachable request(ByteBuf message);

  /** The flow is over (idle, or the run ends). */
  void closed();
}

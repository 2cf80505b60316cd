package dev.htapod.netstack.udp;

import dev.htapod.netstack.FlowKey;
import io.netty.buffer.ByteBuf;

/** Sees every datagram of every flow, both ways, beside the relay (a packet capture); reads only. */
public interface UdpTap {
  UdpTap NONE = (key, fromCommand, payload) -> {};

  /**
   * {@code payload}'s bytes never change after the call, but the caller's reference ends with it: a
   * tap that keeps them retains them ({@code retainedDuplicate()}); its indices must stay as they
   * are.
   */
  void datagram(FlowKey key, boolean fromCommand, ByteBuf payload);
}

package dev.htapod.netstack.udp;

import dev.htapod.netstack.FlowKey;
import io.netty.buffer.ByteBuf;

/** Sees every datagram of every flow, both ways, beside the relay (a packet capture); reads only. */
public interface UdpTap {
  UdpTap NONE = (key, fromCommand, payload) -> {};

  /** {@code payload} is valid only during the call; its indices must stay as they are. */
  void datagram(FlowKey key, boolean fromCommand, ByteBuf payload);
}

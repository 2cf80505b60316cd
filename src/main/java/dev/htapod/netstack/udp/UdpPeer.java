package dev.htapod.netstack.udp;

import io.netty.buffer.ByteBuf;

/** The far end of a UDP flow: a relay to the destination, or a local service such as DNS. */
public interface UdpPeer {
  /** A datagram from the command; ownership passes to the peer. */
  void datagram(ByteBuf data);

  /** The flow is over (idle, or the run ends). */
  void closed();
}

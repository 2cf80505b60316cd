package dev.htapod.netstack;

import io.netty.buffer.ByteBuf;

/** Where the stack's packets to the command go: the TUN device, or a test's list. */
public interface PacketSink {
  /**
   * Sends one packet: {@code headers} (virtio header onwards; ownership passes to the sink),
   * followed on the wire by the readable bytes of {@code payload} (borrowed, may be null).
   */
  void send(ByteBuf headers, ByteBuf payload);
}

package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;

/** One TCP connection as it goes into the file: each peer's bytes, and how each side ended. */
public interface Conversation {
  /** Writes {@code data}'s readable bytes as sent by {@code from}, leaving its indices alone. */
  void send(Peer from, ByteBuf data);

  /** {@code from} has no more to send (a FIN). */
  void end(Peer from);

  /** {@code from} reset the connection (a RST); nothing more is written for it. */
  void reset(Peer from);
}

package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP connection synthesized from the byte streams the relay saw: a three-way handshake, data
 * segments whose sequence numbers continue across sends, acknowledgements that always name the
 * other side's next byte, and FIN or RST at the end. Nothing is lost or reordered, so an analyser
 * finds nothing to flag: no retransmissions, no gaps, no full windows.
 */
public final class TcpConversation implements Conversation {
  /** Large enough for a whole TLS record (16 KiB and its overhead) per segment. */
  private static final int MAX_SEGMENT_DATA = 32 * 1024;
  /**
   * A side that only receives still acknowledges now and then, well before the scaled window
   * (about 8 MiB, see {@link PacketEncoder}) is used up.
   */
  private static final int ACK_EVERY = 1 << 20;

  private final PcapngFile file;
  private final Side client;
  private final Side server;
  private boolean wasReset;

  /** One side's sending state. */
  private static final class Side {
    final Endpoint endpoint;
    int nextSeq;
    /** Bytes this side sent that the other has not acknowledged yet. */
    int unacknowledged;
    boolean ended;

    Side(Endpoint endpoint, int isn) {
      this.endpoint = endpoint;
      this.nextSeq = isn;
    }
  }

  /** Starts the connection in {@code file} with a SYN, a SYN-ACK and an ACK. */
  public TcpConversation(PcapngFile file, Endpoint client, Endpoint server) {
    Endpoint.requireSameFamily(client, server);
    this.file = file;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.client = new Side(client, random.nextInt());
    this.server = new Side(server, random.nextInt());
    segment(this.client, this.server, PacketEncoder.SYN, Unpooled.EMPTY_BUFFER, 0, 0);
    this.client.nextSeq++;
    segment(this.server, this.client, PacketEncoder.SYN | PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
    this.server.nextSeq++;
    segment(this.client, this.server, PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
  }

  @Override
  public void send(Peer from, ByteBuf data) {
    Side sender = side(from);
    Side receiver = side(from.other());
    if (wasReset || sender.ended) {
      return;
    }
    int index = data.readerIndex();
    int end = data.writerIndex();
    int most = Math.min(MAX_SEGMENT_DATA, PacketEncoder.maxTcpData(sender.endpoint));
    while (index < end) {
      int length = Math.min(most, end - index);
      int push = index + length == end ? PacketEncoder.PSH : 0;
      segment(sender, receiver, PacketEncoder.ACK | push, data, index, length);
      sender.nextSeq += length;
      sender.unacknowledged += length;
      index += length;
      if (sender.unacknowledged >= ACK_EVERY) {
        segment(receiver, sender, PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
      }
    }
  }

  @Override
  public void end(Peer from) {
    Side sender = side(from);
    Side receiver = side(from.other());
    if (wasReset || sender.ended) {
      return;
    }
    segment(sender, receiver, PacketEncoder.FIN | PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
    sender.nextSeq++;
    sender.ended = true;
    if (receiver.ended) {
      // Both FINs sent: the side that ended first acknowledges the last one (RFC 9293 3.6).
      segment(receiver, sender, PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
    }
  }

  @Override
  public void reset(Peer from) {
    if (wasReset) {
      return;
    }
    wasReset = true;
    segment(side(from), side(from.other()), PacketEncoder.RST | PacketEncoder.ACK, Unpooled.EMPTY_BUFFER, 0, 0);
  }

  private Side side(Peer peer) {
    return peer == Peer.CLIENT ? client : server;
  }

  /** Writes one segment; any segment but the first SYN acknowledges all the receiver sent. */
  private void segment(Side sender, Side receiver, int flags, ByteBuf data, int index, int length) {
    int ack = (flags & PacketEncoder.ACK) != 0 ? receiver.nextSeq : 0;
    PacketEncoder.tcp(file.startPacket(), sender.endpoint, receiver.endpoint, sender.nextSeq, ack, flags,
        data, index, length);
    file.finishPacket();
    if ((flags & PacketEncoder.ACK) != 0) {
      receiver.unacknowledged = 0;
    }
  }
}

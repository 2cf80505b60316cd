package dev.htapod.report;

import dev.htapod.report.pcap.Conversation;
import dev.htapod.report.pcap.Endpoint;
import dev.htapod.report.pcap.PacketEncoder;
import dev.htapod.report.pcap.PcapngFile;
import dev.htapod.report.pcap.Peer;
import dev.htapod.report.pcap.TcpConversation;
import dev.htapod.report.pcap.TlsConversation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Writes the relayed traffic as a pcapng file that Wireshark and tshark dissect as HTTP with no
 * flags: connections are synthesized as packets from the byte streams the relay saw, and those
 * whose TLS htapod decrypted are written as TLS sessions with their keys in the file (see {@link
 * dev.htapod.report.pcap} for why).
 *
 * <p>Called from one thread (htapod's report thread); {@link #close} may come from another once
 * that one has stopped. Each call holds the writer's lock, uncontended in practice, which makes close safe and
 * its effects visible. A write that fails stops the file and is thrown by {@link #close}.
 */
public final class PcapngWriter implements Closeable {
  private final PcapngFile file;
  /** Where TLS records are built, for any connection: calls are serialized. */
  private final ByteBuf records = Unpooled.buffer(1 << 15);
  private boolean closed;

  /** Creates or truncates {@code file}. */
  public PcapngWriter(Path file) throws IOException {
    this(file, Clock.systemUTC());
  }

  /** Creates or truncates {@code file}, stamping packets with {@code clock}'s time. */
  public PcapngWriter(Path file, Clock clock) throws IOException {
    this.file = PcapngFile.create(file, clock);
  }

  /** A TCP connection written with its bytes as given: writes a SYN, SYN-ACK and ACK at once. */
  public synchronized TcpTrace tcp(InetSocketAddress client, InetSocketAddress server) {
    Endpoint from = Endpoint.of(client);
    Endpoint to = Endpoint.of(server);
    return new Trace(closed ? null : new TcpConversation(file, from, to));
  }

  /**
   * A TCP connection whose TLS htapod terminated, given its decrypted bytes: writes the key log,
   * the TCP handshake and a TLS handshake at once.
   *
   * @param serverName the server name the command sent (SNI), or null
   * @param alpn the application protocol negotiated with the command, such as "h2", or null
   */
  public synchronized TcpTrace decryptedTls(InetSocketAddress client, InetSocketAddress server,
      String serverName, String alpn) {
    Endpoint from = Endpoint.of(client);
    Endpoint to = Endpoint.of(server);
    return new Trace(closed ? null : new TlsConversation(file, from, to, serverName, alpn, records));
  }

  /**
   * One UDP datagram (DNS included), its readable bytes left untouched. One too large for an IP
   * packet, which no device delivers, is left out.
   */
  public synchronized void udp(InetSocketAddress from, InetSocketAddress to, ByteBuf payload) {
    Endpoint source = Endpoint.of(from);
    Endpoint destination = Endpoint.of(to);
    Endpoint.requireSameFamily(source, destination);
    if (closed || payload.readableBytes() > PacketEncoder.maxUdpData(source)) {
      return;
    }
    PacketEncoder.udp(file.startPacket(), source, destination, payload);
    file.finishPacket();
  }

  /** Flushes and closes the file; throws what failed while writing. Later calls do nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    records.release();
    file.close();
  }

  /** A connection's calls, each checked against the writer's state under its lock. */
  private final class Trace implements TcpTrace {
    /** Null when the writer was already closed: every call checks {@link #closed} first. */
    private final Conversation conversation;

    Trace(Conversation conversation) {
      this.conversation = conversation;
    }

    @Override
    public void fromClient(ByteBuf data) {
      send(Peer.CLIENT, data);
    }

    @Override
    public void fromServer(ByteBuf data) {
      send(Peer.SERVER, data);
    }

    @Override
    public void clientEnded() {
      end(Peer.CLIENT);
    }

    @Override
    public void serverEnded() {
      end(Peer.SERVER);
    }

    @Override
    public void reset() {
      reset(Peer.SERVER);
    }

    @Override
    public void clientReset() {
      reset(Peer.CLIENT);
    }

    private void send(Peer from, ByteBuf data) {
      synchronized (PcapngWriter.this) {
        if (!closed) {
          conversation.send(from, data);
        }
      }
    }

    private void end(Peer from) {
      synchronized (PcapngWriter.this) {
        if (!closed) {
          conversation.end(from);
        }
      }
    }

    private void reset(Peer from) {
      synchronized (PcapngWriter.this) {
        if (!closed) {
          conversation.reset(from);
        }
      }
    }
  }
}

package dev.htapod.engine;

import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import dev.htapod.report.PcapngWriter;
import dev.htapod.report.TcpTrace;
import io.netty.buffer.ByteBuf;

/**
 * {@code --pcap}: each connection's bytes (decrypted ones as a TLS session whose keys the file
 * carries) and each datagram, with the addresses the command saw.
 */
final class PcapTaps implements StreamTap.Factory, UdpTap {
  private final PcapngWriter writer;

  PcapTaps(PcapngWriter writer) {
    this.writer = writer;
  }

  @Override
  public StreamTap open(TappedConnection connection) {
    TcpTrace trace = connection.decrypted()
        ? writer.decryptedTls(connection.client(), connection.server(), connection.serverName(), connection.alpn())
        : writer.tcp(connection.client(), connection.server());
    return new StreamTap() {
      @Override
      public void fromCommand(ByteBuf bytes) {
        trace.fromClient(bytes);
      }

      @Override
      public void fromServer(ByteBuf bytes) {
        trace.fromServer(bytes);
      }

      @Override
      public void commandEnded() {
        trace.clientEnded();
      }

      @Override
      public void serverEnded() {
        trace.serverEnded();
      }
    };
  }

  @Override
  public void datagram(FlowKey key, boolean fromCommand, ByteBuf payload) {
    if (fromCommand) {
      writer.udp(key.clientAddress(), key.serverAddress(), payload);
    } else {
      writer.udp(key.serverAddress(), key.clientAddress(), payload);
    }
  }
}

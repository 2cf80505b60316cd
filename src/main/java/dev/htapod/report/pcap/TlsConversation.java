package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A connection whose TLS htapod terminated, written as a TLS 1.2 session over the real addresses
 * and ports: a made-up handshake, then the decrypted bytes in NULL-cipher records, with the
 * session's key log in the file so that Wireshark "decrypts" them and hands the plaintext to the
 * HTTP or HTTP/2 dissector. The package documentation says why it takes this detour.
 */
public final class TlsConversation implements Conversation {
  /** The one byte of a ChangeCipherSpec message (RFC 5246 7.1). */
  private static final byte[] CHANGE = {1};

  private final TcpConversation tcp;
  private final TlsRecordSealer fromClient;
  private final TlsRecordSealer fromServer;
  private final ByteBuf records;

  /**
   * Writes the key log, the TCP handshake and the TLS handshake.
   *
   * @param serverName the server name the command asked for (SNI), or null
   * @param alpn the application protocol negotiated with the command ("h2", "http/1.1"), or null
   * @param records where records are built: shared by the file's conversations, used only within
   *     a call
   */
  public TlsConversation(PcapngFile file, Endpoint client, Endpoint server, String serverName, String alpn,
      ByteBuf records) {
    NullCipherSession session = new NullCipherSession();
    file.tlsKeyLog(session.keyLog());
    this.tcp = new TcpConversation(file, client, server);
    this.fromClient = session.sealer(Peer.CLIENT);
    this.fromServer = session.sealer(Peer.SERVER);
    this.records = records;
    ByteBuf message = Unpooled.buffer();
    TlsHandshake.clientHello(message, session.clientRandom(), serverName, alpn);
    sendPlain(Peer.CLIENT, message);
    message.clear();
    TlsHandshake.serverHello(message, session.serverRandom(), alpn);
    sendPlain(Peer.SERVER, message);
    message.clear();
    TlsHandshake.finished(message);
    changeCipherSpec(Peer.CLIENT, message);
    changeCipherSpec(Peer.SERVER, message);
  }

  @Override
  public void send(Peer from, ByteBuf data) {
    TlsRecordSealer sealer = sealer(from);
    int end = data.writerIndex();
    for (int index = data.readerIndex(); index < end; ) {
      int length = Math.min(TlsRecordSealer.MAX_PLAINTEXT, end - index);
      records.clear();
      sealer.seal(records, TlsRecordSealer.APPLICATION_DATA, data, index, length);
      tcp.send(from, records);
      index += length;
    }
  }

  @Override
  public void end(Peer from) {
    tcp.end(from);
  }

  @Override
  public void reset(Peer from) {
    tcp.reset(from);
  }

  private TlsRecordSealer sealer(Peer from) {
    return from == Peer.CLIENT ? fromClient : fromServer;
  }

  private void sendPlain(Peer from, ByteBuf message) {
    records.clear();
    TlsRecordSealer.plain(records, TlsRecordSealer.HANDSHAKE, message);
    tcp.send(from, records);
  }

  /** ChangeCipherSpec, then {@code finished} in the first protected record. */
  private void changeCipherSpec(Peer from, ByteBuf finished) {
    records.clear();
    TlsRecordSealer.plain(records, TlsRecordSealer.CHANGE_CIPHER_SPEC, Unpooled.wrappedBuffer(CHANGE));
    int length = finished.readableBytes();
    sealer(from).seal(records, TlsRecordSealer.HANDSHAKE, finished, finished.readerIndex(), length);
    tcp.send(from, records);
  }
}

package dev.htapod.netstack.tcp;

import dev.htapod.netstack.ClientPackets;
import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.TcpSegment;
import io.netty.buffer.ByteBuf;

/**
 * The command's end of one TCP connection, played by a test against a {@link StackUnderTest}.
 * Sequence numbers are offsets: of the client's bytes from its SYN, of the stack's from its
 * SYN-ACK. The client's ISN sits just below 2^32, so every test's sequence numbers wrap.
 */
public final class TcpClient {
  static final int ISN = 0xffffff00;
  static final int PORT = 40000;
  static final int SERVER_PORT = 443;
  private static final byte[] NONE = new byte[0];

  final StackUnderTest stack;
  final ClientPackets packets;
  public final RecordingPeer peer = new RecordingPeer();
  TcpConnection connection;
  private int serverIsn;
  private int sent;
  private int acked;
  private int window = 0xffff;

  public TcpClient(StackUnderTest stack) {
    this(stack, StackUnderTest.CLIENT4, StackUnderTest.SERVER4);
  }

  TcpClient(StackUnderTest stack, IpAddress client, IpAddress server) {
    this.stack = stack;
    this.packets = stack.client(client, PORT, server, SERVER_PORT);
  }

  /** Sends a SYN ({@code mss}, {@code windowScale} -1 for none); returns the connection opened. */
  TcpConnection syn(int window, int mss, int windowScale) {
    stack.receive(packets.syn(ISN, window, mss, windowScale));
    connection = stack.lastTcpOpened();
    return connection;
  }

  /** The destination answered the dial; returns our SYN-ACK. */
  Outgoing accept() {
    connection.accept(peer);
    Outgoing synAck = stack.sink.takeOnly();
    serverIsn = synAck.tcp().seq();
    return synAck;
  }

  /** The handshake of a client that offers a 64 KiB window, an MSS of 1460 and window scale 7. */
  public void establish() {
    establish(0xffff, 1460, 7);
  }

  /** The handshake; the client's later segments repeat its SYN's window field. */
  void establish(int window, int mss, int windowScale) {
    syn(window, mss, windowScale);
    accept();
    this.window = window;
    ack(0);
  }

  /** The window field of the client's segments from now on (scaled as its SYN said). */
  void window(int field) {
    window = field;
  }

  /** The client's next bytes, in order. */
  public void send(byte[] data) {
    sendAt(sent, data);
  }

  /** The client's bytes at {@code offset}: ahead of a gap, or again. */
  void sendAt(int offset, byte[] data) {
    stack.receive(segment(offset, TcpSegment.ACK | TcpSegment.PSH, data));
    sent = Math.max(sent, offset + data.length);
  }

  /** A pure ACK of the stack's bytes up to {@code offset}. */
  public void ack(int offset) {
    acked = offset;
    stack.receive(segment(sent, TcpSegment.ACK, NONE));
  }

  void fin() {
    stack.receive(finSegment());
  }

  /** The client's FIN, not yet injected: for tests that look between receive and flush. */
  ByteBuf finSegment() {
    ByteBuf fin = segment(sent, TcpSegment.FIN | TcpSegment.ACK, NONE);
    sent++;
    return fin;
  }

  void rst() {
    stack.receive(segment(sent, TcpSegment.RST, NONE));
  }

  ByteBuf segment(int offset, int flags, byte[] data) {
    return packets.tcp(ISN + 1 + offset, serverIsn + 1 + acked, flags, window, data);
  }

  /** Where a segment of ours starts among the stack's bytes. */
  public int offsetOf(Outgoing segment) {
    return segment.tcp().seq() - (serverIsn + 1);
  }

  /** How much of the client's sequence space a segment of ours acknowledges. */
  int ackedIn(Outgoing segment) {
    return segment.tcp().ack() - (ISN + 1);
  }

  /** Bytes from the destination to the client, through the connection. */
  public void fromDestination(byte[] data) {
    connection.send(stack.bytes(data));
  }
}

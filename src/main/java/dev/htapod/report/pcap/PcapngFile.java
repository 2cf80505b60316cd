package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/**
 * A pcapng file (draft-ietf-opsawg-pcapng): one section with one interface of link type RAW (101,
 * packets start at their IP header), microsecond timestamps. Blocks are built in place in one
 * reusable buffer that goes to the file when full, so a packet costs no allocation.
 *
 * <p>Confined to one thread at a time; the owner serializes. A failed write is remembered, later
 * blocks are dropped, and {@link #close} throws it, so a full disk does not stop the relay.
 */
public final class PcapngFile implements Closeable {
  private static final int SECTION_HEADER = 0x0A0D0D0A;
  private static final int INTERFACE_DESCRIPTION = 1;
  private static final int ENHANCED_PACKET = 6;
  private static final int DECRYPTION_SECRETS = 10;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int TLS_KEY_LOG = 0x544c534b;
  private static final int LINKTYPE_RAW = 101;
  private static final int OPTION_END = 0;
  private static final int SHB_USERAPPL = 4;
  /** Type, length, interface, two timestamp words, captured and original length. */
  private static final int PACKET_HEADER = 28;
  private static final int MAX_BLOCK = PACKET_HEADER + 0xffff + 3 + 4;
  private static final int BUFFER = 1 << 20;

  private final FileChannel channel;
  private final Clock clock;
  private final ByteBuf buffer = Unpooled.directBuffer(BUFFER);
  private int packetStart = -1;
  private IOException failure;
  private boolean closed;

  private PcapngFile(FileChannel channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  /** Creates or truncates {@code path} and writes the section and interface headers. */
  public static PcapngFile create(Path path, Clock clock) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    PcapngFile file = new PcapngFile(channel, clock);
    file.writeHeaders();
    if (file.failure != null) {
      file.close(); // throws the failure, the channel closed
    }
    return file;
  }

  /**
   * Starts a packet block and returns the buffer to append the packet to, from its IP header on,
   * at most 65535 bytes; {@link #finishPacket} ends it.
   */
  public ByteBuf startPacket() {
    if (buffer.writableBytes() < MAX_BLOCK) {
      drain();
    }
    packetStart = buffer.writerIndex();
    buffer.writerIndex(packetStart + PACKET_HEADER);
    return buffer;
  }

  /** Ends the packet begun by {@link #startPacket}, stamped with the clock's time. */
  public void finishPacket() {
    int length = buffer.writerIndex() - packetStart - PACKET_HEADER;
    pad();
    int total = buffer.writerIndex() - packetStart + 4;
    buffer.writeIntLE(total);
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    buffer.setIntLE(packetStart, ENHANCED_PACKET);
    buffer.setIntLE(packetStart + 4, total);
    buffer.setIntLE(packetStart + 8, 0); // the one interface
    buffer.setIntLE(packetStart + 12, (int) (micros >>> 32));
    buffer.setIntLE(packetStart + 16, (int) micros);
    buffer.setIntLE(packetStart + 20, length);
    buffer.setIntLE(packetStart + 24, length);
    packetStart = -1;
  }

  /**
   * A Decryption Secrets Block with lines of the NSS key log format. Wireshark applies them to the
   * packets after it, with no preferences to set.
   */
  public void tlsKeyLog(String lines) {
    byte[] text = lines.getBytes(StandardCharsets.US_ASCII);
    int start = buffer.writerIndex();
    buffer.writeIntLE(DECRYPTION_SECRETS).writeIntLE(0).writeIntLE(TLS_KEY_LOG).writeIntLE(text.length);
    buffer.writeBytes(text);
    endBlock(start);
  }

  /** Writes what is buffered and closes the file; throws the first write failure, if any. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      drain();
    } finally {
      buffer.release();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void writeHeaders() {
    int start = buffer.writerIndex();
    buffer.writeIntLE(SECTION_HEADER).writeIntLE(0).writeIntLE(BYTE_ORDER_MAGIC);
    buffer.writeShortLE(1).writeShortLE(0); // version 1.0
    buffer.writeLongLE(-1); // section length not given
    byte[] application = "htapod".getBytes(StandardCharsets.US_ASCII);
    buffer.writeShortLE(SHB_USERAPPL).writeShortLE(application.length).writeBytes(application);
    pad();
    buffer.writeShortLE(OPTION_END).writeShortLE(0);
    endBlock(start);
    start = buffer.writerIndex();
    buffer.writeIntLE(INTERFACE_DESCRIPTION).writeIntLE(0);
    buffer.writeShortLE(LINKTYPE_RAW).writeShortLE(0).writeIntLE(0); // no snapshot length limit
    endBlock(start);
    drain();
  }

  /** Pads the block begun at {@code start} and writes its total length at both ends. */
  private void endBlock(int start) {
    pad();
    int total = buffer.writerIndex() - start + 4;
    buffer.writeIntLE(total);
    buffer.setIntLE(start + 4, total);
  }

  private void pad() {
    buffer.writeZero(-buffer.writerIndex() & 3);
  }

  private void drain() {
    if (failure == null) {
      try {
        ByteBuffer bytes = buffer.nioBuffer();
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      } catch (IOException e) {
        failure = e;
      }
    }
    buffer.clear();
  }
}

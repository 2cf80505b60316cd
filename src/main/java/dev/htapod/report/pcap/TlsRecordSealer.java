package dev.htapod.report.pcap;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * Writes one direction's TLS 1.2 records (RFC 5246 6.2): before the ChangeCipherSpec as plaintext,
 * after it as the NULL cipher's "protection", the plaintext followed by its HMAC over the record's
 * sequence number and header (RFC 5246 6.2.3.1). The MAC has to be right: Wireshark drops a
 * record whose MAC fails instead of showing it.
 */
final class TlsRecordSealer {
  static final int CHANGE_CIPHER_SPEC = 20;
  static final int HANDSHAKE = 22;
  static final int APPLICATION_DATA = 23;
  static final int VERSION = 0x0303;
  /** The most plaintext one record carries (RFC 5246 6.2.1). */
  static final int MAX_PLAINTEXT = 1 << 14;

  private final Mac mac;
  private final byte[] digest;
  /** The sequence number, type, version and length the MAC covers before the data. */
  private final ByteBuffer macHeader = ByteBuffer.allocate(13);
  private long seq;

  /** @param mac the direction's HMAC, keyed with its MAC write key */
  TlsRecordSealer(Mac mac) {
    this.mac = mac;
    this.digest = new byte[mac.getMacLength()];
  }

  /** Appends a record of {@code type} carrying {@code body}'s readable bytes, unprotected. */
  static void plain(ByteBuf out, int type, ByteBuf body) {
    out.writeByte(type).writeShort(VERSION).writeShort(body.readableBytes());
    out.writeBytes(body, body.readerIndex(), body.readableBytes());
  }

  /** Appends a protected record of {@code type} carrying at most 16 KiB of {@code data}. */
  void seal(ByteBuf out, int type, ByteBuf data, int index, int length) {
    out.writeByte(type).writeShort(VERSION).writeShort(length + digest.length);
    int plaintext = out.writerIndex();
    out.writeBytes(data, index, length);
    macHeader.putLong(0, seq).put(8, (byte) type).putShort(9, (short) VERSION).putShort(11, (short) length);
    mac.update(macHeader.array());
    mac.update(out.nioBuffer(plaintext, length));
    try {
      mac.doFinal(digest, 0);
    } catch (ShortBufferException e) {
      throw new AssertionError(e); // the array is the MAC's length
    }
    out.writeBytes(digest);
    seq++;
  }
}

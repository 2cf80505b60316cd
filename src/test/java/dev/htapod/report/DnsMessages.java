package dev.htapod.report;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;

/** DNS messages as Netty's codec encodes them, for the payload of UDP datagrams. */
final class DnsMessages {
  private static final InetSocketAddress ANY = new InetSocketAddress(0);

  private DnsMessages() {}

  /** A query for the A records of {@code name}; the caller releases it. */
  static ByteBuf query(int id, String name) {
    DatagramDnsQuery query = new DatagramDnsQuery(ANY, ANY, id);
    query.setRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
    return encode(new EmbeddedChannel(new DatagramDnsQueryEncoder()), query);
  }

  /** The answer to {@link #query}: one A record; the caller releases it. */
  static ByteBuf answer(int id, String name, byte[] address) {
    DatagramDnsResponse response = new DatagramDnsResponse(ANY, ANY, id);
    response.setRecursionDesired(true).setRecursionAvailable(true);
    response.setRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
    response.addRecord(DnsSection.ANSWER,
        new DefaultDnsRawRecord(name, DnsRecordType.A, 60, Unpooled.wrappedBuffer(address)));
    return encode(new EmbeddedChannel(new DatagramDnsResponseEncoder()), response);
  }

  private static ByteBuf encode(EmbeddedChannel channel, Object message) {
    channel.writeOutbound(message);
    DatagramPacket packet = channel.readOutbound();
    channel.finishAndReleaseAll();
    return packet.content();
  }
}

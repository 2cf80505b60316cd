package dev.htapod.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An upstream DNS server on the host's loopback for tests: TXT records and A records from fixed
 * tables, NXDOMAIN for anything else. Counts the queries it gets.
 */
final class TestDnsServer implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final Map<String, String> txt;
  private final Map<String, byte[]> a;
  private volatile int queries;

  TestDnsServer(Map<String, String> txt, Map<String, byte[]> a) throws InterruptedException {
    this.txt = txt;
    this.a = a;
    channel = new Bootstrap()
        .group(group)
        .channel(NioDatagramChannel.class)
        .handler(new ChannelInitializer<NioDatagramChannel>() {
          @Override
          protected void initChannel(NioDatagramChannel ch) {
            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  int queries() {
    return queries;
  }

  private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      queries++;
      DnsQuestion question = query.recordAt(DnsSection.QUESTION);
      String name = question.name().replaceAll("\\.$", "");
      ByteBuf data = null;
      if (question.type() == DnsRecordType.TXT && txt.containsKey(name)) {
        byte[] text = txt.get(name).getBytes(StandardCharsets.UTF_8);
        data = Unpooled.buffer().writeByte(text.length).writeBytes(text);
      } else if (question.type() == DnsRecordType.A && a.containsKey(name)) {
        data = Unpooled.wrappedBuffer(a.get(name));
      }
      DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
          query.opCode(), data == null && !a.containsKey(name) && !txt.containsKey(name)
              ? DnsResponseCode.NXDOMAIN : DnsResponseCode.NOERROR);
      response.addRecord(DnsSection.QUESTION, question);
      if (data != null) {
        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(), 60, data));
      }
      ctx.writeAndFlush(response);
    }
  }

  @Override
  public void close() {
    channel.close();
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
  }
}

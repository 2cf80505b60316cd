package dev.htapod.dns;

import dev.htapod.api.ProcessInfo;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpPeer;
import dev.htapod.relay.FlowOwners;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;

/**
 * A TCP connection to the built-in resolver: messages framed by a two-byte length (RFC 1035
 * 4.2.2), answered in the order they came.
 */
public final class DnsOverTcp implements TcpPeer {
  private static final int MAX_PENDING = 1 << 16;

  private final DnsResolver resolver;
  private final TcpConnection connection;
  /** The process of the connection, one socket's for all its queries. */
  private final CompletableFuture<ProcessInfo> asker;
  private final CompositeByteBuf pending = Unpooled.compositeBuffer();

  private DnsOverTcp(DnsResolver resolver, TcpConnection connection, CompletableFuture<ProcessInfo> asker) {
    this.resolver = resolver;
    this.connection = connection;
    this.asker = asker;
  }

  /** Accepts {@code connection} and answers it with {@code resolver}, naming its process. */
  public static void serve(DnsResolver resolver, TcpConnection connection, FlowOwners owners) {
    connection.accept(new DnsOverTcp(resolver, connection, owners.tcp(connection.key())));
  }

  @Override
  public void data(ByteBuf data) {
    pending.addComponent(true, data);
    while (pending.readableBytes() >= 2) {
      int length = pending.getUnsignedShort(pending.readerIndex());
      if (pending.readableBytes() < 2 + length) {
        break;
      }
      pending.skipBytes(2);
      resolver.answer(pending.readRetainedSlice(length), asker, this::reply);
    }
    pending.discardReadComponents();
    if (pending.readableBytes() > MAX_PENDING) {
      connection.abort();
    }
  }

  private void reply(ByteBuf message) {
    ByteBuf length = Unpooled.buffer(2).writeShort(message.readableBytes());
    connection.send(Unpooled.wrappedBuffer(length, message));
  }

  @Override
  public void endOfData() {
    connection.endOfInput();
  }

  @Override
  public void reset() {
    closed();
  }

  @Override
  public long pendingBytes() {
    return 0;
  }

  @Override
  public void canSendMore() {}

  @Override
  public void closed() {
    if (pending.refCnt() > 0) {
      pending.release();
    }
  }
}

package dev.htapod.relay;

import dev.htapod.namespace.PingSocket;
import dev.htapod.netstack.icmp.EchoFlow;
import dev.htapod.netstack.icmp.EchoPeer;
import dev.htapod.netstack.wire.EchoRequest;
import dev.htapod.netstack.wire.Icmp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One ping relayed through a host ICMP socket, which waits for replies on the stack's own epoll
 * loop as the TUN device does (an {@link EpollIoHandle}, level-triggered, reads bounded per
 * wake-up). ICMP errors the host receives about the requests are not seen: the socket does not ask
 * for them (no IP_RECVERR), so the kernel drops them and the command's ping times out, as behind a
 * NAT that drops them. A request the host has no route for is answered with an ICMP unreachable.
 */
final class RelayedPing implements EchoPeer, EpollIoHandle {
  private static final System.Logger LOG = System.getLogger("htapod");
  /** The largest ICMP message an IPv4 or IPv6 (non-jumbo) packet can carry, rounded up. */
  private static final int MAX_MESSAGE = 65536;
  private static final int REPLIES_PER_WAKEUP = 64;

  private final EchoFlow flow;
  private final PingSocket socket;
  private final FileDescriptor fd;
  private final InetAddress target;
  private final byte[] targetBytes;
  private final byte[] source = new byte[16];
  private final ByteBufAllocator allocator;
  private final Consumer<EchoFlowRecord> flowEnded;
  private IoRegistration registration;
  private boolean closed;

  RelayedPing(EchoFlow flow, PingSocket socket, InetAddress target, ByteBufAllocator allocator,
      Consumer<EchoFlowRecord> flowEnded) {
    this.flow = flow;
    this.socket = socket;
    this.fd = new FileDescriptor(socket.fd());
    this.target = target;
    this.targetBytes = target.getAddress();
    this.allocator = allocator;
    this.flowEnded = flowEnded;
  }

  /** Starts waiting for replies on {@code loop}, the stack's. */
  void register(IoEventLoop loop) {
    loop.register(this).addListener((Future<IoRegistration> done) -> {
      if (!done.isSuccess()) {
        LOG.log(Level.DEBUG, "cannot wait for ping replies for {0}: {1}", flow.key(), done.cause());
        return;
      }
      if (closed) {
        done.getNow().cancel();
        return;
      }
      registration = done.getNow();
      registration.submit(EpollIoOps.EPOLLIN);
    });
  }

  @Override
  public Icmp.Unreachable request(ByteBuf message) {
    if (socket.v6() != flow.key().server().v6()) {
      // Mapped to the other IP version: the host's socket takes only its own version's request.
      message.setByte(message.readerIndex(), Icmp.echoRequest(socket.v6()));
    }
    int length = message.readableBytes();
    ByteBuf direct = message.hasMemoryAddress()
        ? message
        : allocator.directBuffer(length).writeBytes(message, message.readerIndex(), length);
    try {
      socket.send(target, direct.memoryAddress() + direct.readerIndex(), length);
      return null;
    } catch (NoRouteToHostException e) {
      return Icmp.Unreachable.NETWORK;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "ping for {0} not sent: {1}", flow.key(), e.getMessage());
      return null; // lost, as on a wire
    } finally {
      if (direct != message) {
        direct.release();
      }
    }
  }

  @Override
  public void closed() {
    closed = true;
    if (registration != null) {
      registration.cancel();
    }
    socket.close();
    flowEnded.accept(new EchoFlowRecord(flow.key(), target, flow.requests(), flow.replies(),
        System.nanoTime() - flow.openedAt()));
  }

  @Override
  public FileDescriptor fd() {
    return fd;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    ByteBuf buffer = allocator.directBuffer(MAX_MESSAGE);
    try {
      for (int i = 0; i < REPLIES_PER_WAKEUP && !closed; i++) {
        int n = socket.receive(buffer.memoryAddress(), MAX_MESSAGE, source);
        if (n == 0) {
          break;
        }
        // Replies carry the socket's identifier, so only those to our requests arrive; one from
        // another address (to a broadcast, say) is not passed off as the destination's.
        if (n >= EchoRequest.HEADER && fromTarget()) {
          flow.reply(buffer.setIndex(0, n));
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "ping replies for {0}: {1}", flow.key(), e.getMessage());
      flow.close();
    } finally {
      buffer.release();
    }
  }

  private boolean fromTarget() {
    return Arrays.equals(source, 0, targetBytes.length, targetBytes, 0, targetBytes.length);
  }

  /** Called by Netty when its loop shuts down with this still registered. */
  @Override
  public void close() {
    socket.close();
  }
}

package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real epoll loop and a real pipe whose interest goes from reading to nothing and back, as an
 * outward socket's does when its server closes while the command's side is full, and it is read
 * on.
 */
class KeptInterestTest {
  private MultiThreadIoEventLoopGroup group;
  private FileDescriptor[] pipe;

  @AfterEach
  void stop() throws Exception {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    pipe[0].close();
    pipe[1].close();
  }

  @Test
  void anInterestThatWasEmptyIsHeardAgain() throws Exception {
    Reader reader = register(StaleEventFilter.factory());

    reader.loop.submit(() -> {
      reader.registration.submit(EpollIoOps.NONE);
      return reader.registration.submit(EpollIoOps.EPOLLIN);
    }).sync();
    pipe[1].write(ByteBuffer.allocateDirect(1), 0, 1);

    assertThat(reader.event.get(5, TimeUnit.SECONDS).ops().contains(EpollIoOps.EPOLLIN)).isTrue();
  }

  /** Why: Netty alone took the descriptor out of epoll's list and then asked to modify it there. */
  @Test
  void plainNettyFailsToListenAgainAfterAnEmptyInterest() throws Exception {
    Reader reader = register(EpollIoHandler.newFactory());

    assertThatThrownBy(() -> reader.loop.submit(() -> {
      reader.registration.submit(EpollIoOps.NONE);
      return reader.registration.submit(EpollIoOps.EPOLLIN);
    }).get()).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("epoll_ctl");
  }

  private Reader register(IoHandlerFactory factory) throws Exception {
    Epoll.ensureAvailability();
    group = new MultiThreadIoEventLoopGroup(1, factory);
    pipe = FileDescriptor.pipe();
    Reader reader = new Reader(group.next(), pipe[0]);
    reader.registration = reader.loop.register(reader).syncUninterruptibly().getNow();
    reader.loop.submit(() -> reader.registration.submit(EpollIoOps.EPOLLIN)).sync();
    return reader;
  }

  /** The pipe's read end on the loop: the first event it is handed. */
  @SuppressWarnings("try") // close() as IoHandle declares it; the test closes the pipe
  private static final class Reader implements EpollIoHandle {
    final IoEventLoop loop;
    final FileDescriptor readEnd;
    final CompletableFuture<EpollIoEvent> event = new CompletableFuture<>();
    IoRegistration registration;

    Reader(IoEventLoop loop, FileDescriptor readEnd) {
      this.loop = loop;
      this.readEnd = readEnd;
    }

    @Override
    public FileDescriptor fd() {
      return readEnd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent ioEvent) {
      event.complete((EpollIoEvent) ioEvent);
      registration.cancel(); // nothing is read: one event is enough
    }

    @Override
    public void close() {
    }
  }
}

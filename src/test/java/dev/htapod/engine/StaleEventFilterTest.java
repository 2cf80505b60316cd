package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real epoll loop and real pipes: two pipes are readable in one batch; handling the first closes
 * the second's read end and registers a new pipe, whose read end gets the freed number, while the
 * second's event is still to be handled in that batch.
 */
class StaleEventFilterTest {
  private MultiThreadIoEventLoopGroup group;

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aHandleRegisteredDuringABatchGetsNoneOfItsEvents() throws Exception {
    Batch batch = runBatch(StaleEventFilter.factory());
    assertThat(batch.newcomer.events.get()).as("events the new pipe got in the batch").isZero();
    batch.newcomer.writeByte();
    assertThat(batch.newcomer.firstEvent.get(5, TimeUnit.SECONDS)).as("its own data, in a later batch").isEqualTo(1);
  }

  /** Why the filter exists: Netty's loop hands the closed pipe's event to the new one. */
  @Test
  void plainEpollHandsTheClosedFilesEventToTheNewcomer() throws Exception {
    Batch batch = runBatch(EpollIoHandler.newFactory());
    assertThat(batch.newcomer.events.get()).as("stale events handed to the new, empty pipe").isEqualTo(1);
  }

  /** What one batch did: the pipe registered in it, once the batch is over. */
  private record Batch(PipeEnd newcomer) {}

  private Batch runBatch(IoHandlerFactory factory) throws Exception {
    Epoll.ensureAvailability();
    group = new MultiThreadIoEventLoopGroup(1, factory);
    IoEventLoop loop = group.next();
    for (int attempt = 0; attempt < 10; attempt++) {
      PipeEnd first = PipeEnd.readable();
      PipeEnd second = PipeEnd.readable();
      CompletableFuture<PipeEnd> newcomer = new CompletableFuture<>();
      Runnable replaceTheOther = () -> {
        if (newcomer.isDone()) {
          return;
        }
        PipeEnd other = first.events.get() > 0 ? second : first;
        try {
          int number = other.readEnd.intValue();
          other.registration.cancel(); // as a channel's close does, before its descriptor's
          other.readEnd.close();
          PipeEnd fresh = PipeEnd.empty();
          if (fresh.readEnd.intValue() != number) {
            newcomer.complete(null); // another thread took the number: try again
            return;
          }
          fresh.register(loop, () -> {});
          newcomer.complete(fresh);
        } catch (Exception e) {
          newcomer.completeExceptionally(e);
        }
      };
      // Both registered in one task, both already readable: the next read of epoll returns both.
      loop.submit(() -> {
        first.register(loop, replaceTheOther);
        second.register(loop, replaceTheOther);
        return null;
      }).sync();
      PipeEnd fresh = newcomer.get(5, TimeUnit.SECONDS);
      loop.submit(() -> null).sync(); // tasks run after the batch: it is over
      if (fresh != null) {
        return new Batch(fresh);
      }
    }
    throw new AssertionError("the freed descriptor number was never given to the new pipe");
  }

  /** A pipe's read end on the loop, counting the events it is handed. */
  @SuppressWarnings("try") // close() as IoHandle declares it
  private static final class PipeEnd implements EpollIoHandle {
    final FileDescriptor readEnd;
    final FileDescriptor writeEnd;
    final AtomicInteger events = new AtomicInteger();
    final CompletableFuture<Integer> firstEvent = new CompletableFuture<>();
    private Runnable onEvent;
    private IoRegistration registration;

    private PipeEnd(FileDescriptor[] pipe) {
      this.readEnd = pipe[0];
      this.writeEnd = pipe[1];
    }

    static PipeEnd empty() throws Exception {
      return new PipeEnd(FileDescriptor.pipe());
    }

    static PipeEnd readable() throws Exception {
      PipeEnd pipe = empty();
      pipe.writeByte();
      return pipe;
    }

    void writeByte() throws Exception {
      writeEnd.write(ByteBuffer.allocateDirect(1), 0, 1); // Netty's descriptors take direct buffers only
    }

    void register(IoEventLoop loop, Runnable onEvent) {
      this.onEvent = onEvent;
      registration = loop.register(this).syncUninterruptibly().getNow();
      registration.submit(EpollIoOps.EPOLLIN);
    }

    @Override
    public FileDescriptor fd() {
      return readEnd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      // Nothing is read (a stale event on an empty pipe would block): one event each is enough.
      firstEvent.complete(events.incrementAndGet());
      registration.cancel();
      onEvent.run();
    }

    @Override
    public void close() throws Exception {
      readEnd.close();
      writeEnd.close();
    }
  }
}

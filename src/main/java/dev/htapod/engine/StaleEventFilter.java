package dev.htapod.engine;

import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll loop, except that a batch of events reaches only what was registered before the
 * batch was read, and that the loop polls a moment before it sleeps ({@link SpinBeforeSleep}).
 *
 * <p>Why: the loop names each ready file descriptor by its number alone. When, in one batch, an
 * outward socket closes (its number is free again) and the handling of a later event opens a new
 * one (a SYN from the command is dialed at once, and gets that number), the closed socket's
 * pending events in the same batch are handed to the new socket. Its connect has not even begun,
 * so the stale EPOLLRDHUP shuts it, and the command saw its connection refused: under {@code ab
 * -c 2} against a server that closes first, within ten requests. A socket registered during a batch
 * was not in epoll's interest list when the batch was read, so every event of that batch bearing
 * its number is another file's: it is dropped. Level-triggered epoll reports what is still true in
 * the next batch, so nothing of the new socket's own is lost.
 *
 * <p>Its registrations also keep their descriptors in epoll's list when their interest becomes
 * empty: see {@link KeptInterest}.
 *
 * <p>Owned by its loop's thread: {@link #run} and {@link #register} are only called there.
 */
final class StaleEventFilter implements IoHandler {
  private final IoHandler epoll;
  private final SpinBeforeSleep spin;
  private final ThreadAwareExecutor loop;
  /** Which batch the loop reads or handles now: counts up at each read. */
  private long batch;

  private StaleEventFilter(SpinBeforeSleep spin, ThreadAwareExecutor loop) {
    this.epoll = EpollIoHandler.newFactory(0, () -> spin).newHandler(loop);
    this.spin = spin;
    this.loop = loop;
  }

  /** Epoll loops with the filter. */
  static IoHandlerFactory factory() {
    return loop -> new StaleEventFilter(new SpinBeforeSleep(), loop);
  }

  @Override
  public int run(IoHandlerContext context) {
    assert loop.isExecutorThread(Thread.currentThread());
    batch++;
    spin.serve(context);
    return epoll.run(context);
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    assert loop.isExecutorThread(Thread.currentThread());
    return new KeptInterest(epoll.register(new Guarded((EpollIoHandle) handle, batch)));
  }

  @Override
  public void initialize() {
    epoll.initialize();
  }

  @Override
  public void prepareToDestroy() {
    epoll.prepareToDestroy();
  }

  @Override
  public void destroy() {
    epoll.destroy();
  }

  @Override
  public void wakeup() {
    epoll.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return epoll.isCompatible(handleType);
  }

  /** A handle that ignores the batch during which it was registered. */
  @SuppressWarnings("try") // close() throws what the handle's does, as IoHandle declares
  private final class Guarded implements EpollIoHandle {
    private final EpollIoHandle handle;
    private final long registeredIn;

    Guarded(EpollIoHandle handle, long registeredIn) {
      this.handle = handle;
      this.registeredIn = registeredIn;
    }

    @Override
    public FileDescriptor fd() {
      return handle.fd();
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      if (batch != registeredIn) {
        handle.handle(registration, event);
      }
    }

    @Override
    public void registered() {
      handle.registered();
    }

    @Override
    public void unregistered() {
      handle.unregistered();
    }

    @Override
    public void close() throws Exception {
      handle.close();
    }
  }
}

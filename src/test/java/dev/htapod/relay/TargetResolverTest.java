package dev.htapod.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final ExecutorService lookups = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "lookup"));
  private final TargetResolver resolver = new TargetResolver(lookups, loop);

  @AfterEach
  void stop() throws InterruptedException {
    lookups.shutdownNow();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
  }

  @Test
  void anAddressIsAnsweredAtOnce() {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

    Future<InetSocketAddress> resolved = resolver.resolve(address);

    assertThat(resolved.isSuccess()).isTrue();
    assertThat(resolved.getNow()).isSameAs(address);
  }

  @Test
  void aNameIsResolvedOffTheLoopAndAnsweredOnIt() throws Exception {
    Thread loopThread = threadOf(loop);
    CompletableFuture<String> answer = new CompletableFuture<>();
    loop.execute(() -> resolver.resolve(InetSocketAddress.createUnresolved("localhost", 8080)).addListener(done ->
        answer.complete((Thread.currentThread() == loopThread) + " " + done.getNow())));

    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("true " + new InetSocketAddress("localhost", 8080));
  }

  @Test
  void aLookupRefusedAsTheRunEndsFailsTheAnswer() {
    lookups.shutdown();

    Future<InetSocketAddress> resolved = resolver.resolve(InetSocketAddress.createUnresolved("localhost", 8080));

    assertThat(resolved.isDone()).isTrue();
    assertThat(resolved.isSuccess()).isFalse();
  }

  private static Thread threadOf(EventLoop loop) {
    try {
      return loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

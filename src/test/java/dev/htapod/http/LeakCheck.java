package dev.htapod.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tracks every buffer Netty hands out while a test class runs (paranoid leak detection) and fails a
 * test after which Netty reports a LEAK. Netty logs through java.util.logging here (no SLF4J
 * provider on the test class path), so its detector's logger is listened to; a report comes when a
 * buffer that was never released has been collected and another buffer is allocated, which the
 * check provokes after each test.
 */
final class LeakCheck implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  /** Held so that the logger, and the handler on it, are not collected. */
  private static final Logger DETECTOR_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    DETECTOR_LOG.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
          synchronized (LEAKS) {
            LEAKS.add(record.getMessage());
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put(ResourceLeakDetector.Level.class, ResourceLeakDetector.getLevel());
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  /** Other test classes in the same JVM go on at the level they had. */
  @Override
  public void afterAll(ExtensionContext context) {
    ResourceLeakDetector.setLevel(store(context).get(ResourceLeakDetector.Level.class,
        ResourceLeakDetector.Level.class));
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(ExtensionContext.Namespace.create(LeakCheck.class));
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(20);
      for (int i = 0; i < 64; i++) {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        ByteBuf unpooled = Unpooled.buffer(16);
        pooled.release();
        unpooled.release();
      }
    }
    List<String> leaks;
    synchronized (LEAKS) {
      leaks = List.copyOf(LEAKS);
      LEAKS.clear();
    }
    assertThat(leaks).as("Netty's leak reports").isEmpty();
  }
}

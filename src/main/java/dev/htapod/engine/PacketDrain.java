package dev.htapod.engine;

import dev.htapod.namespace.TunDevice;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Reads the TUN device and drops every packet: the command has no route out yet, but the device
 * must be drained so the kernel inside never stalls on a full queue.
 */
final class PacketDrain implements Runnable {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final TunDevice tun;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
  private final Thread thread;
  private long packets;
  private long bytes;

  PacketDrain(TunDevice tun) {
    this.tun = tun;
    this.thread = new Thread(this, "htapod-tun");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Ends the reader and waits for it; the counts are final afterwards. */
  void stop() throws InterruptedException {
    tun.wakeUp();
    thread.join();
    LOG.log(Level.DEBUG, "dropped {0} packets ({1} bytes) from the TUN device", packets, bytes);
  }

  @Override
  public void run() {
    try {
      while (tun.awaitReadable(-1)) {
        int n;
        while ((n = tun.read(buffer.clear())) > 0) {
          packets++;
          bytes += n;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, e.getMessage());
    }
  }
}

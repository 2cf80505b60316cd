package dev.htapod.engine;

import dev.htapod.api.Connection;
import dev.htapod.api.TcpSniffer;
import dev.htapod.netstack.wire.AddressText;
import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger.Level;
import java.util.function.Function;

/**
 * The API's sniffers as taps: each sees read-only views of a connection's bytes. One that throws
 * is told no more of that connection, and the relay goes on.
 */
final class SnifferTaps implements StreamTap.Factory {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final TcpSniffer sniffer;
  private final Function<String, String> hostOf;

  /** @param hostOf the name the command looked up for an address, or null */
  SnifferTaps(TcpSniffer sniffer, Function<String, String> hostOf) {
    this.sniffer = sniffer;
    this.hostOf = hostOf;
  }

  @Override
  public StreamTap open(TappedConnection connection) {
    Connection seen = new Connection(connection.client(), connection.server(),
        hostOf.apply(AddressText.of(connection.server().getAddress())));
    TcpSniffer.Stream stream;
    try {
      stream = sniffer.open(seen, connection.decrypted());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a sniffer failed: " + e, e);
      return StreamTap.NONE;
    }
    return new StreamTap() {
      private boolean failed;

      @Override
      public void fromCommand(ByteBuf bytes) {
        call(() -> stream.fromCommand(bytes.nioBuffer().asReadOnlyBuffer()));
      }

      @Override
      public void fromServer(ByteBuf bytes) {
        call(() -> stream.fromServer(bytes.nioBuffer().asReadOnlyBuffer()));
      }

      @Override
      public void closed() {
        call(stream::closed);
      }

      private void call(Runnable call) {
        if (failed) {
          return;
        }
        try {
          call.run();
        } catch (RuntimeException e) {
          failed = true;
          LOG.log(Level.WARNING, "a sniffer failed: " + e, e);
        }
      }
    };
  }
}

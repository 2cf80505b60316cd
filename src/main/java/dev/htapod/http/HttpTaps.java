package dev.htapod.http;

import dev.htapod.relay.StreamTap;
import dev.htapod.relay.TappedConnection;

/** Observes HTTP on every connection whose bytes htapod sees in plain text. */
public final class HttpTaps implements StreamTap.Factory {
  private final Recording recording;

  public HttpTaps(Recording recording) {
    this.recording = recording;
  }

  @Override
  public StreamTap open(TappedConnection connection) {
    if (connection.tls() && !connection.decrypted()) {
      return StreamTap.NONE;
    }
    if ("h2".equals(connection.alpn())) {
      return new H2Observer(recording, connection);
    }
    return new ProtocolSniffer(recording, connection);
  }
}

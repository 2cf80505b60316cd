package dev.htapod.netstack.udp;

import dev.htapod.netstack.Bytes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The far end of a UDP flow, played by a test: keeps copies of the datagrams, frees them. */
public final class RecordingUdpPeer implements UdpPeer {
  private final List<byte[]> datagrams = new ArrayList<>();
  private boolean closed;

  @Override
  public void datagram(ByteBuf data) {
    datagrams.add(Bytes.takeAll(data));
  }

  @Override
  public void closed() {
    closed = true;
  }

  public List<byte[]> datagrams() {
    return datagrams;
  }

  public boolean wasClosed() {
    return closed;
  }
}

package dev.htapod.netstack.udp;

/** Decides what to do with each new UDP flow: relay it, answer it here, or refuse it. */
public interface UdpForwarder {
  /** A flow's first datagram arrived; call {@link UdpFlow#attach} (now or later) or refuse. */
  void open(UdpFlow flow);
}

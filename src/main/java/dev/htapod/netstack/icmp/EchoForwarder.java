package dev.htapod.netstack.icmp;

/** Decides what becomes of each new echo flow: relayed from the host, or dropped. */
public interface EchoForwarder {
  /**
   * A flow's first echo request arrived.
   *
   * @return the peer that takes the flow's requests, or null to drop them for the flow's life (the
   *     forwarder says why to whom it may concern)
   */
  EchoPeer open(EchoFlow flow);
}

package dev.htapod.report.pcap;

/** The two ends of a traced TCP connection: the command's side and the destination's. */
public enum Peer {
  CLIENT,
  SERVER;

  public Peer other() {
    return this == CLIENT ? SERVER : CLIENT;
  }
}

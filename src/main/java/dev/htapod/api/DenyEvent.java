package dev.htapod.api;

/**
 * A destination that the egress policy ({@link Htapod.Builder#allow}, {@link Htapod.Builder#deny},
 * {@link Htapod.Builder#policy(java.nio.file.Path)}) refused, or in {@link Htapod.Builder#audit
 * audit} mode would have refused: reported once per TCP connection, UDP flow, ping, or DNS name.
 *
 * @param protocol {@code "tcp"}, {@code "udp"}, {@code "icmp"} (a ping) or {@code "dns"} (a name
 *     the built-in resolver answered as non-existent)
 * @param host the name the command meant (the DNS name htapod answered for the address, the TLS
 *     SNI or the HTTP Host), or null when none is known
 * @param ip the address it would have gone to from the host (127.0.0.1 or ::1 for the gateway,
 *     after address mappings), or null for a DNS name
 * @param port the port, or 0 for a ping or a DNS name
 * @param deniedBy the deny pattern that refused it ({@code !PATTERN} for a policy file's line), or
 *     null when it matched no allow pattern
 * @param process the process of the run that tried it, or null when it is not known
 */
public record DenyEvent(String protocol, String host, String ip, int port, String deniedBy, ProcessInfo process) {
  /**
   * Why, as report lines say it: {@code not allowed}, {@code denied by --deny PATTERN} or, for a
   * policy file's line, {@code denied by !PATTERN}.
   */
  public String reason() {
    if (deniedBy == null) {
      return "not allowed";
    }
    return deniedBy.startsWith("!") ? "denied by " + deniedBy : "denied by --deny " + deniedBy;
  }
}

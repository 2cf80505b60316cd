package dev.htapod.policy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What is known of where a flow goes when it is judged.
 *
 * @param addresses where it goes, each with its port (0 for a ping): the address the command used
 *     and, when htapod sends it elsewhere (the gateway to the host's loopback, {@code --map}),
 *     the address it goes to from the host
 * @param port the port the command used (0 for a ping), for name patterns
 * @param names the host names the command is known to mean: the DNS name htapod answered with
 *     this address, or the SNI or Host header it sent; empty when none is known
 */
public record Destination(List<InetSocketAddress> addresses, int port, List<String> names) {
  public Destination {
    addresses = List.copyOf(addresses);
    names = names.stream().filter(Objects::nonNull).toList();
  }
}

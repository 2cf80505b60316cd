package dev.htapod.policy;

import dev.htapod.api.DestinationUse;
import java.net.InetAddress;
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

  /** Where a destination of a past run went, to match it against policy lines again. */
  public static Destination of(DestinationUse use) {
    InetAddress address = use.ip() == null ? null : AddressBlock.literal(use.ip());
    return new Destination(address == null ? List.of() : List.of(new InetSocketAddress(address, use.port())),
        use.port(), use.host() == null ? List.of() : List.of(use.host()));
  }
}

package dev.htapod.dns;

import dev.htapod.netstack.wire.AddressText;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names the command looked up, by the address it was given: to name the flows in reports.
 * The latest name wins where several share an address (as they do the gateway).
 */
public final class NameBook {
  private final Map<String, String> names = new ConcurrentHashMap<>();

  void remember(InetAddress given, String name) {
    names.put(AddressText.of(given), name);
  }

  /** The name last answered with {@code address} (as text), or null. */
  public String nameOf(String address) {
    return names.get(address);
  }
}

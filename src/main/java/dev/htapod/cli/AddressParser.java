package dev.htapod.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.TypeConversionException;

/**
 * Addresses as users write them on the command line: {@code 127.0.0.1}, {@code ::1}, {@code
 * 127.0.0.1:8080}, {@code [::1]:8080}. Literal addresses only: nothing is looked up.
 */
final class AddressParser {
  private AddressParser() {}

  /** An IP address literal. */
  static InetAddress address(String text) {
    String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (literal.isEmpty() || !literal.matches("[0-9a-fA-F.:]+")) {
      throw new TypeConversionException("'" + text + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(literal); // a literal: parsed, never resolved
    } catch (UnknownHostException e) {
      throw new TypeConversionException("'" + text + "' is not an IP address");
    }
  }

  /** ADDR or ADDR:PORT; the port is {@code defaultPort} when absent. */
  static InetSocketAddress addressAndPort(String text, int defaultPort) {
    String address = text;
    int port = defaultPort;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new TypeConversionException("'" + text + "' lacks the closing ]");
      }
      address = text.substring(1, close);
      if (close + 1 < text.length()) {
        port = port(text, text.substring(close + 1));
      }
    } else if (text.chars().filter(c -> c == ':').count() == 1) {
      int colon = text.indexOf(':');
      address = text.substring(0, colon);
      port = port(text, text.substring(colon));
    }
    return new InetSocketAddress(address(address), port);
  }

  private static int port(String text, String colonAndPort) {
    if (!colonAndPort.matches(":[0-9]{1,5}") || Integer.parseInt(colonAndPort.substring(1)) > 65535) {
      throw new TypeConversionException("'" + text + "' has no valid port after the address");
    }
    return Integer.parseInt(colonAndPort.substring(1));
  }
}

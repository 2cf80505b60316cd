package dev.htapod.replay;

import dev.htapod.api.HttpHeader;
import dev.htapod.api.RecordSettings;
import dev.htapod.api.ReplaySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The recorded exchanges a replay answers from, and how a request finds its answer: by method,
 * URL (scheme, host, port, path, and query without the ignored parameters) and body (unless
 * ignored); among the recorded answers to that request, the next in the recorded order whose
 * {@code Vary} headers the request matches, and once all were given, the last one again. Used on
 * the stack's loop only.
 */
final class ReplayBook {
  private final ReplaySettings settings;
  private final Set<String> ignoredHeaders = new HashSet<>();
  private final Map<String, Answers> byRequest = new HashMap<>();
  /** Method and URL, without the body: to tell a miss by body from one by URL. */
  private final Set<String> byUrl = new HashSet<>();
  private final Set<String> names = new TreeSet<>();
  private final Set<Integer> ports = new TreeSet<>();
  private final Set<String> http2 = new HashSet<>();

  /** What a request found: an answer, or why there is none. */
  record Lookup(RecordedAnswer answer, String miss) {}

  ReplayBook(List<RecordedExchange> exchanges, ReplaySettings settings) {
    this.settings = settings;
    settings.ignoredHeaders().forEach(name -> ignoredHeaders.add(name.toLowerCase(Locale.ROOT)));
    List<RecordedExchange> ordered = new ArrayList<>(exchanges);
    ordered.sort(Comparator.comparingLong(RecordedExchange::order));
    for (RecordedExchange exchange : ordered) {
      String url = normalized(exchange.url());
      byRequest.computeIfAbsent(key(exchange.method(), url, exchange.requestBody()), key -> new Answers())
          .all.add(exchange);
      byUrl.add(exchange.method().toUpperCase(Locale.ROOT) + " " + url);
      URI uri = uri(exchange.url());
      if (uri != null && uri.getHost() != null) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        ports.add(port);
        if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
          names.add(host);
        }
        if (exchange.http2()) {
          http2.add(host + ":" + port);
        }
      }
    }
  }

  /** The host names of the recorded URLs (no addresses). */
  Set<String> names() {
    return names;
  }

  /** The ports of the recorded URLs. */
  Set<Integer> ports() {
    return ports;
  }

  /** Whether {@code host}:{@code port} was spoken to in HTTP/2. */
  boolean http2(String host, int port) {
    return host != null && http2.contains(host.toLowerCase(Locale.ROOT) + ":" + port);
  }

  /**
   * The answer to a request, consumed.
   *
   * @param header the request's header of a name (any case), or null
   * @param body the request's body as sent; empty for none
   */
  Lookup find(String method, String url, Function<String, String> header, byte[] body) {
    String normalized = normalized(url);
    Answers answers = byRequest.get(key(method, normalized, body));
    if (answers == null) {
      boolean otherBody = byUrl.contains(method.toUpperCase(Locale.ROOT) + " " + normalized);
      return new Lookup(null, otherBody ? "recorded only with another request body"
          : "nothing recorded for this method and URL");
    }
    RecordedExchange found = answers.take(exchange -> varies(exchange, header));
    return found != null ? new Lookup(found.answer(), null)
        : new Lookup(null, "recorded only with other values of the headers its Vary names");
  }

  /** Whether the request's headers that the recorded response's Vary names are those recorded. */
  private boolean varies(RecordedExchange exchange, Function<String, String> header) {
    String vary = HttpHeader.first(exchange.answer().headers(), "Vary");
    if (vary == null) {
      return true;
    }
    for (String name : vary.split(",")) {
      String trimmed = name.strip().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty() || trimmed.equals("*") || ignoredHeaders.contains(trimmed)) {
        continue;
      }
      String recorded = HttpHeader.first(exchange.requestHeaders(), trimmed);
      if (RecordSettings.REDACTED.equals(recorded)) {
        continue; // nothing to compare
      }
      String sent = header.apply(trimmed);
      if (recorded == null ? sent != null : !recorded.equals(sent)) {
        return false;
      }
    }
    return true;
  }

  private String key(String method, String normalizedUrl, byte[] body) {
    String key = method.toUpperCase(Locale.ROOT) + " " + normalizedUrl;
    return settings.ignoreBodies() ? key : key + " " + sha256(body);
  }

  /** The URL as compared: scheme and host in lower case, the port always, the ignored parameters left out. */
  String normalized(String url) {
    URI uri = uri(url);
    if (uri == null || uri.getHost() == null) {
      return url;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&", -1)) {
        String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
        if (!settings.ignoredParams().contains(name)) {
          query.append(query.length() == 0 ? "?" : "&").append(pair);
        }
      }
    }
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri)
        + path + query;
  }

  private static URI uri(String url) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() == null ? null : uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The recorded answers to one request, in the recorded order, and how far they were given. */
  private static final class Answers {
    private final List<RecordedExchange> all = new ArrayList<>();
    private int next;

    /**
     * The next answer that {@code fits}; once none is left, the last one given that fits again
     * (a client that polls goes on getting the last state).
     */
    RecordedExchange take(java.util.function.Predicate<RecordedExchange> fits) {
      for (int i = next; i < all.size(); i++) {
        if (fits.test(all.get(i))) {
          next = i + 1;
          return all.get(i);
        }
      }
      for (int i = Math.min(next, all.size()) - 1; i >= 0; i--) {
        if (fits.test(all.get(i))) {
          return all.get(i);
        }
      }
      return null;
    }
  }
}

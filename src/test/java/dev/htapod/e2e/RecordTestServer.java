package dev.htapod.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP server on the host's loopback for recordings: {@code /echo} answers a request's
 * body as it came, with its Content-Type and a secret cookie; {@code /count} answers how many
 * times it was asked, so that repeated requests get different answers.
 */
final class RecordTestServer implements AutoCloseable {
  static final String SECRET_COOKIE = "sid=s3cret-session; Path=/; HttpOnly";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger counted = new AtomicInteger();

  RecordTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      exchange.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
      exchange.getResponseHeaders().add("Set-Cookie", SECRET_COOKIE);
      respond(exchange, body);
    });
    server.createContext("/count", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      respond(exchange, ("count " + counted.incrementAndGet() + "\n").getBytes(StandardCharsets.US_ASCII));
    });
    server.start();
  }

  /** How many times {@code /count} was asked. */
  int counted() {
    return counted.get();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

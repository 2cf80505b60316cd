package dev.htapod.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on the host's loopback for end-to-end tests: {@code /blob} serves {@link
 * #blob} bytes of seeded random data, {@code /upload} answers with the length and SHA-256 of the
 * request body, {@code /hello} says hello.
 */
final class HttpTestServer implements AutoCloseable {
  private final HttpServer server;
  private final byte[] chunk = new byte[1 << 20];
  private final long blob;

  HttpTestServer(InetAddress address, long blobBytes) throws IOException {
    this.blob = blobBytes;
    new Random(42).nextBytes(chunk);
    server = HttpServer.create(new InetSocketAddress(address, 0), 256);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/hello", exchange -> respond(exchange, "hello\n"));
    server.createContext("/blob", this::blob);
    server.createContext("/upload", HttpTestServer::upload);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The SHA-256 of what /blob serves. */
  String blobSha256() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long left = blob; left > 0; left -= chunk.length) {
      sha.update(chunk, 0, (int) Math.min(chunk.length, left));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private void blob(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, blob);
    try (OutputStream out = exchange.getResponseBody()) {
      for (long left = blob; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
  }

  private static void upload(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      respond(exchange, StreamDigest.of(in) + "\n");
    }
  }

  private static void respond(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

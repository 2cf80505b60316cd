package dev.htapod.e2e;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A server on the host's loopback whose responses come in each content coding: {@code /gzip},
 * {@code /br}, {@code /zstd} serve {@link #TEXT} encoded so, with chunked transfer coding; {@code
 * /echo} answers a request's JSON body as it came.
 */
final class EncodingTestServer implements AutoCloseable {
  /** Every byte value once: {@code /binary} serves it as image/png. */
  static final byte[] BINARY = new byte[256];

  static {
    for (int i = 0; i < BINARY.length; i++) {
      BINARY[i] = (byte) i;
    }
  }

  static final String TEXT = "{\"words\": \"" + "compressible text ".repeat(20) + "\"}\n";

  private final HttpServer server;

  EncodingTestServer() throws Exception {
    Brotli4jLoader.ensureAvailability();
    byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/gzip", exchange -> respond(exchange, "gzip", gzip(text)));
    server.createContext("/br", exchange -> respond(exchange, "br", brotli(text)));
    server.createContext("/zstd", exchange -> respond(exchange, "zstd", Zstd.compress(text)));
    server.createContext("/binary", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, BINARY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BINARY);
      }
    });
    server.createContext("/echo", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      respond(exchange, null, body);
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, String coding, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (coding != null) {
      exchange.getResponseHeaders().set("Content-Encoding", coding);
    }
    exchange.sendResponseHeaders(200, 0); // 0: chunked
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] gzip(byte[] text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text);
    }
    return bytes.toByteArray();
  }

  private static byte[] brotli(byte[] text) throws IOException {
    return Encoder.compress(text);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

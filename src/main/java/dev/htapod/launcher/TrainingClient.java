package dev.htapod.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The command {@link ArchiveTraining} runs inside htapod: fetches each URL given and exits with 1
 * unless every one answered 200 with the training page. The JDK's client offers h2 by ALPN, as
 * curl and browsers do, so that htapod's negotiation is part of the training.
 */
public final class TrainingClient {
  static final byte[] PAGE = "htapod\n".getBytes(StandardCharsets.US_ASCII);

  private TrainingClient() {}

  public static void main(String[] urls) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    for (String url : urls) {
      HttpResponse<byte[]> response =
          client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 || !Arrays.equals(response.body(), PAGE)) {
        System.err.println("training: unexpected answer from " + url);
        System.exit(1);
      }
    }
  }
}

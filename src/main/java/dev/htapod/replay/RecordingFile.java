package dev.htapod.replay;

import dev.htapod.api.HtapodException;
import dev.htapod.api.HttpHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a recording: a HAR 1.2 file, as {@code --record} writes it (whole bodies, the wire bytes
 * in {@code _wireBase64}, {@code _order}, {@code _trailers}) or as another tool does (bodies as
 * text or base64). An exchange that got no response (status 0) is left out.
 */
final class RecordingFile {
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

  private RecordingFile() {}

  /** @throws HtapodException naming the file and what is wrong with it */
  static List<RecordedExchange> read(Path file) {
    Object document;
    try (InputStream in = Files.newInputStream(file)) {
      document = JsonTree.read(in);
    } catch (NoSuchFileException e) {
      throw new HtapodException("the recording " + file + " does not exist");
    } catch (IOException e) {
      throw new HtapodException("the recording " + file + " cannot be read as HAR: " + oneLine(e));
    }
    try {
      List<Object> entries = list(object(object(document, "the document").get("log"), "log").get("entries"), "entries");
      List<RecordedExchange> exchanges = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        RecordedExchange exchange = exchange(object(entries.get(i), "entry " + (i + 1)), i + 1);
        if (exchange != null) {
          exchanges.add(exchange);
        }
      }
      return exchanges;
    } catch (IllegalArgumentException e) {
      throw new HtapodException("the recording " + file + " is not a HAR file htapod can replay: " + e.getMessage());
    }
  }

  private static String oneLine(IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  private static RecordedExchange exchange(Map<String, Object> entry, int place) {
    Map<String, Object> request = object(entry.get("request"), "entry " + place + "'s request");
    Map<String, Object> response = object(entry.get("response"), "entry " + place + "'s response");
    int status = number(response.get("status"), "entry " + place + "'s response status").intValue();
    if (status == 0) {
      return null;
    }
    String version = String.valueOf(response.getOrDefault("httpVersion", request.get("httpVersion")));
    boolean http2 = version.toUpperCase(Locale.ROOT).startsWith("HTTP/2") || version.equalsIgnoreCase("h2");
    Object order = entry.get("_order");
    List<HttpHeader> requestHeaders = headers(request.get("headers"));
    Map<String, Object> postData = request.get("postData") == null ? Map.of() : object(request.get("postData"), "postData");
    List<HttpHeader> responseHeaders = new ArrayList<>(headers(response.get("headers")));
    Map<String, Object> content = response.get("content") == null ? Map.of() : object(response.get("content"), "content");
    if (content.get("_wireBase64") == null) {
      // The text is the body decoded: it goes as it is, under no content coding.
      responseHeaders.removeIf(header -> header.name().equalsIgnoreCase("Content-Encoding"));
    }
    RecordedAnswer answer = new RecordedAnswer(status, responseHeaders, body(content, "encoding"),
        headers(response.get("_trailers")));
    return new RecordedExchange(order == null ? place : number(order, "_order").longValue(),
        string(request.get("method"), "entry " + place + "'s method"), string(request.get("url"), "entry " + place + "'s url"),
        requestHeaders, body(postData, "_encoding"), http2, answer);
  }

  /** A body's bytes as sent: {@code _wireBase64}, else its text (base64 or in its charset). */
  private static byte[] body(Map<String, Object> body, String encodingField) {
    try {
      if (body.get("_wireBase64") instanceof String wire) {
        return Base64.getMimeDecoder().decode(wire);
      }
      if (!(body.get("text") instanceof String text)) {
        return new byte[0];
      }
      if ("base64".equals(body.get(encodingField)) || "base64".equals(body.get("encoding"))) {
        return Base64.getMimeDecoder().decode(text);
      }
      return text.getBytes(charset(body.get("mimeType")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a body is not valid base64: " + e.getMessage());
    }
  }

  private static Charset charset(Object mimeType) {
    Matcher matcher = CHARSET.matcher(String.valueOf(mimeType));
    if (matcher.find()) {
      try {
        return Charset.forName(matcher.group(1));
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // as the recording did: an unknown charset is read as UTF-8
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static List<HttpHeader> headers(Object value) {
    if (value == null) {
      return List.of();
    }
    List<HttpHeader> headers = new ArrayList<>();
    for (Object item : list(value, "headers")) {
      Map<String, Object> header = object(item, "a header");
      headers.add(new HttpHeader(string(header.get("name"), "a header's name"), String.valueOf(header.get("value"))));
    }
    return headers;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalArgumentException(what + " is not a JSON object");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String what) {
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    throw new IllegalArgumentException(what + " is not a JSON array");
  }

  private static String string(Object value, String what) {
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException(what + " is missing");
  }

  private static Number number(Object value, String what) {
    if (value instanceof Number number) {
      return number;
    }
    throw new IllegalArgumentException(what + " is not a number");
  }
}

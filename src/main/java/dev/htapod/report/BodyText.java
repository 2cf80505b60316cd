package dev.htapod.report;

import dev.htapod.api.HttpMessage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;

/**
 * How a recorded body is shown: as text, or, being binary, as a one-line summary (reports that can
 * carry bytes use base64 instead). The text report, JSON Lines ({@code body} or {@code
 * bodyBase64}) and HAR ({@code text} with or without {@code "encoding": "base64"}) decide alike.
 *
 * @param text the body as text, or null when it is binary
 * @param summary for a binary body, e.g. "[binary body: image/png, 1234 B]"; null for text
 */
public record BodyText(String text, String summary) {
  /** Types outside text/* whose bodies are text all the same. */
  private static final Set<String> TEXT_TYPES = Set.of(
      "application/json",
      "application/xml",
      "application/javascript",
      "application/ecmascript",
      "application/x-javascript",
      "application/x-www-form-urlencoded",
      "application/graphql",
      "application/x-ndjson",
      "application/yaml",
      "application/x-yaml",
      "application/toml",
      "application/sql",
      "application/x-sh",
      "message/http");

  /** How {@code message}'s body is shown; the message must have a recorded body. */
  public static BodyText of(HttpMessage message) {
    return of(message.header("Content-Type"), message.body(), message.bodyComplete());
  }

  /**
   * How {@code body} is shown.
   *
   * @param contentType the {@code Content-Type} value, or null
   * @param body the decoded body
   * @param complete whether {@code body} is the whole body: a cut one may end inside a character
   */
  public static BodyText of(String contentType, byte[] body, boolean complete) {
    MediaType type = MediaType.parse(contentType);
    if (isTextType(type)) {
      return new BodyText(decode(body, charset(type), complete), null);
    }
    if (type.isAbsent() || type.type().equals("multipart")) {
      String sniffed = plainUtf8(body, complete);
      if (sniffed != null) {
        return new BodyText(sniffed, null);
      }
    }
    return new BodyText(null, summary(type, body.length, complete));
  }

  public boolean isText() {
    return text != null;
  }

  /** The text, or the summary of a binary body. */
  public String shown() {
    return isText() ? text : summary;
  }

  static boolean isTextType(MediaType type) {
    String essence = type.essence();
    // RFC 6839 structured syntax suffixes: application/problem+json, image/svg+xml, ...
    return type.type().equals("text")
        || TEXT_TYPES.contains(essence)
        || essence.endsWith("+json")
        || essence.endsWith("+xml")
        || essence.endsWith("+yaml");
  }

  /** The declared charset, else UTF-8 (RFC 8259 for JSON; what servers mean in practice). */
  private static Charset charset(MediaType type) {
    if (type.charset() != null) {
      try {
        return Charset.forName(type.charset());
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // An unknown charset shows as UTF-8 rather than not at all.
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String decode(byte[] body, Charset charset, boolean complete) {
    try {
      return decode(body, charset, complete, CodingErrorAction.REPLACE);
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder reported " + e, e);
    }
  }

  /** UTF-8 text without control characters other than tab, CR and LF, or null when not. */
  private static String plainUtf8(byte[] body, boolean complete) {
    String text;
    try {
      text = decode(body, StandardCharsets.UTF_8, complete, CodingErrorAction.REPORT);
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
        return null;
      }
    }
    return text;
  }

  /**
   * Decodes {@code body}; a cut body is decoded as input that may go on, so that a character
   * whose bytes the cap split is left out instead of showing as malformed.
   */
  private static String decode(byte[] body, Charset charset, boolean complete, CodingErrorAction onError)
      throws CharacterCodingException {
    CharsetDecoder decoder =
        charset.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
    CharBuffer out = CharBuffer.allocate((int) Math.ceil(body.length * (double) decoder.maxCharsPerByte()) + 4);
    CoderResult result = decoder.decode(ByteBuffer.wrap(body), out, complete);
    if (result.isError()) {
      result.throwException();
    }
    if (complete) {
      decoder.flush(out);
    }
    return out.flip().toString();
  }

  private static String summary(MediaType type, int length, boolean complete) {
    String size = complete ? length + " B" : "first " + length + " B";
    return "[binary body: " + (type.isAbsent() ? "" : type.essence() + ", ") + size + "]";
  }
}

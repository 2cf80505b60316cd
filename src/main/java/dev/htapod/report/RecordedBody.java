package dev.htapod.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpMessage;
import dev.htapod.http.ContentDecoding;
import dev.htapod.http.DecodedBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;

/**
 * A body as a recording ({@code --record}) keeps it: whole, and so that a replay can send back the
 * very bytes.
 *
 * <ul>
 *   <li>{@code text}: the body with its content coding undone (as HAR 1.2 wants), as text when it
 *       is text that its charset turns back into the same bytes, else in base64 (marked {@code
 *       "encoding": "base64"} in a response's content, {@code "_encoding": "base64"} in postData,
 *       which HAR gives no such field);
 *   <li>{@code _wireBase64}: only when a content coding (gzip, br, ...) was applied, the body as it
 *       crossed the wire, coding kept, in base64; a replay sends these bytes;
 *   <li>{@code comment}: why there is no decoded {@code text} (an unknown or corrupt coding, or a
 *       body that decodes to more than {@link #DECODED_LIMIT}).
 * </ul>
 */
final class RecordedBody {
  /** The most decoded bytes a recording writes as text for one body; the wire bytes are always whole. */
  static final int DECODED_LIMIT = 256 << 20;

  private final byte[] wire;
  private final boolean encoded;
  private final DecodedBody decoded;
  private final String contentType;

  private RecordedBody(HttpMessage message) {
    this.wire = message.wireBody();
    String coding = message.header("Content-Encoding");
    this.encoded = coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity");
    this.decoded = encoded ? ContentDecoding.decode(coding, wire, DECODED_LIMIT) : null;
    this.contentType = message.header("Content-Type");
  }

  /** Whether {@code message} carries its whole body, as a recording's messages do. */
  static boolean recorded(HttpMessage message) {
    return message.wireBody() != null;
  }

  /** A response's "content" object. */
  static void content(JsonGenerator json, HttpMessage response, String mimeType) throws IOException {
    RecordedBody body = new RecordedBody(response);
    byte[] plain = body.plain();
    json.writeObjectFieldStart("content");
    json.writeNumberField("size", plain == null ? -1 : plain.length);
    if (body.encoded && plain != null) {
      json.writeNumberField("compression", plain.length - body.wire.length);
    }
    json.writeStringField("mimeType", mimeType);
    body.writeText(json, "encoding");
    json.writeEndObject();
  }

  /** A request's "postData" fields after mimeType and params. */
  static void postData(JsonGenerator json, HttpMessage request) throws IOException {
    new RecordedBody(request).writeText(json, "_encoding");
  }

  /** The decoded body's text when it is text that round-trips, else null. */
  static String losslessText(HttpMessage message) {
    RecordedBody body = new RecordedBody(message);
    byte[] plain = body.plain();
    return plain == null ? null : body.text(plain);
  }

  /** The body with its content coding undone, or null when that could not be done whole. */
  private byte[] plain() {
    if (!encoded) {
      return wire;
    }
    return decoded.whole() ? decoded.bytes() : null;
  }

  private void writeText(JsonGenerator json, String encodingField) throws IOException {
    byte[] plain = plain();
    if (plain != null) {
      String text = text(plain);
      if (text != null) {
        json.writeStringField("text", text);
      } else {
        json.writeStringField("text", Base64.getEncoder().encodeToString(plain));
        json.writeStringField(encodingField, "base64");
      }
    } else {
      json.writeStringField("comment", "not decoded: "
          + (decoded.problem() != null ? decoded.problem() : "decodes to more than " + DECODED_LIMIT + " B")
          + "; the body as sent is in _wireBase64");
    }
    if (encoded) {
      json.writeStringField("_wireBase64", Base64.getEncoder().encodeToString(wire));
    }
  }

  /** {@code plain} as text, when it is text whose charset gives back the same bytes; else null. */
  private String text(byte[] plain) {
    if (!BodyText.of(contentType, plain, true).isText()) {
      return null;
    }
    try {
      Charset charset = charset(MediaType.parse(contentType).charset());
      String text = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
      return ByteBuffer.wrap(plain).equals(charset.newEncoder().encode(java.nio.CharBuffer.wrap(text))) ? text : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Charset charset(String name) {
    if (name != null) {
      try {
        return Charset.forName(name);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // As BodyText: an unknown charset is read as UTF-8 (and kept in base64 if it is not).
      }
    }
    return StandardCharsets.UTF_8;
  }
}

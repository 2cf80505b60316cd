package dev.htapod.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.HttpMessage;
import java.io.IOException;
import java.util.List;

/** Writes an entry's "request" object (HAR 1.2). */
final class HarRequest {
  private static final String FORM = "application/x-www-form-urlencoded";

  private HarRequest() {}

  /** @param redaction for a recording, the header values it leaves out; null for --har */
  static void write(JsonGenerator json, HttpExchangeEvent exchange, Redaction redaction) throws IOException {
    HttpMessage request = exchange.request();
    json.writeObjectFieldStart("request");
    json.writeStringField("method", exchange.method());
    json.writeStringField("url", exchange.url());
    json.writeStringField("httpVersion", exchange.httpVersion());
    HarArrays.headersAndCookies(json, request, "Cookie", Cookie.sent(request), redaction);
    HarArrays.fields(json, "queryString", FormField.ofQuery(exchange.url()));
    if (request.bodySize() > 0 || (request.body() != null && request.body().length > 0)) {
      postData(json, request, redaction != null);
    }
    // The header block's size on the wire is not recorded (and HPACK makes it moot for HTTP/2).
    json.writeNumberField("headersSize", -1);
    json.writeNumberField("bodySize", request.bodySize());
    json.writeEndObject();
  }

  /**
   * HAR's postData has no "encoding" field, so a binary body cannot be carried losslessly: its
   * "text" is the same one-line summary the text report shows (a recording's goes in base64, see
   * {@link RecordedBody}). A form's fields also go into "params", as browsers write them.
   */
  private static void postData(JsonGenerator json, HttpMessage request, boolean recording) throws IOException {
    String contentType = request.header("Content-Type");
    json.writeObjectFieldStart("postData");
    json.writeStringField("mimeType", contentType == null ? "" : contentType);
    boolean recorded = recording && RecordedBody.recorded(request);
    BodyText body = request.body() == null || recorded ? null : BodyText.of(request);
    String text = recorded ? RecordedBody.losslessText(request) : body != null && body.isText() ? body.text() : null;
    boolean form = MediaType.parse(contentType).essence().equals(FORM);
    List<FormField> params = text != null && form ? FormField.parse(text) : List.of();
    HarArrays.fields(json, "params", params);
    if (recorded) {
      RecordedBody.postData(json, request);
    } else if (body != null) {
      json.writeStringField("text", body.shown());
      if (!request.bodyComplete()) {
        json.writeStringField("comment", HarEntry.cutComment(request.body().length));
      }
    }
    json.writeEndObject();
  }
}

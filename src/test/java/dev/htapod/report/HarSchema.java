package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** HAR 1.2's required fields and their types, checked on one parsed entry. */
public final class HarSchema {
  private HarSchema() {}

  public static void assertEntry(JsonNode entry) {
    OffsetDateTime.parse(text(entry, "startedDateTime"));
    assertThat(entry.get("time").isNumber()).isTrue();
    assertRequest(entry.get("request"));
    assertResponse(entry.get("response"));
    assertThat(entry.get("cache").isObject()).isTrue();
    JsonNode timings = entry.get("timings");
    double sum = 0;
    for (String name : new String[] {"send", "wait", "receive"}) {
      assertThat(timings.get(name).asDouble()).as(name).isGreaterThanOrEqualTo(0);
      sum += timings.get(name).asDouble();
    }
    for (String name : new String[] {"blocked", "dns", "connect", "ssl"}) {
      assertThat(timings.get(name).asDouble()).as(name).isEqualTo(-1);
    }
    assertThat(entry.get("time").asDouble()).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.001));
  }

  private static void assertRequest(JsonNode request) {
    text(request, "method");
    text(request, "url");
    text(request, "httpVersion");
    assertNameValues(request.get("cookies"));
    assertNameValues(request.get("headers"));
    assertNameValues(request.get("queryString"));
    number(request, "headersSize");
    number(request, "bodySize");
    if (request.has("postData")) {
      JsonNode postData = request.get("postData");
      text(postData, "mimeType");
      assertNameValues(postData.get("params"));
    }
  }

  private static void assertResponse(JsonNode response) {
    number(response, "status");
    text(response, "statusText");
    text(response, "httpVersion");
    assertNameValues(response.get("cookies"));
    assertNameValues(response.get("headers"));
    JsonNode content = response.get("content");
    number(content, "size");
    text(content, "mimeType");
    text(response, "redirectURL");
    number(response, "headersSize");
    number(response, "bodySize");
  }

  private static void assertNameValues(JsonNode array) {
    assertThat(array.isArray()).isTrue();
    for (JsonNode pair : array) {
      text(pair, "name");
      text(pair, "value");
    }
  }

  private static String text(JsonNode node, String field) {
    assertThat(node.get(field)).as(field).isNotNull();
    assertThat(node.get(field).isTextual()).as(field).isTrue();
    return node.get(field).asText();
  }

  private static void number(JsonNode node, String field) {
    assertThat(node.get(field)).as(field).isNotNull();
    assertThat(node.get(field).isNumber()).as(field).isTrue();
  }
}

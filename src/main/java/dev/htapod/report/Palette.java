package dev.htapod.report;

/** ANSI colours for text report lines, or none. */
final class Palette {
  private static final String RESET = "\u001b[0m";

  private final boolean enabled;

  Palette(boolean enabled) {
    this.enabled = enabled;
  }

  String request(String text) {
    return paint("1;36", text);
  }

  String response(String text) {
    return paint("1;35", text);
  }

  String error(String text) {
    return paint("1;31", text);
  }

  String header(String text) {
    return paint("2", text);
  }

  /** 2xx green, 3xx cyan, 4xx yellow, 5xx red. */
  String status(int status) {
    String code = switch (status / 100) {
      case 2 -> "32";
      case 3 -> "36";
      case 4 -> "33";
      case 5 -> "31";
      default -> "0";
    };
    return paint(code, Integer.toString(status));
  }

  private String paint(String code, String text) {
    return enabled ? "\u001b[" + code + "m" + text + RESET : text;
  }
}

package dev.htapod.http;

/** The one line that says why a coding's native library does not load here. */
final class NativeFailure {
  private NativeFailure() {}

  static String describe(String coding, Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "cannot decode " + coding + " here: " + why;
  }
}

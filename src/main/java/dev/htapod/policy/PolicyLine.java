package dev.htapod.policy;

/**
 * One pattern line of a policy file, kept with the text the user wrote so that a merged file
 * repeats it as it was.
 *
 * @param file the file's name as the user gave it
 * @param number the line's number, from 1
 * @param deny whether it refuses (it started with {@code !}) rather than allows
 * @param pattern the pattern, its text with the {@code !} for a deny line, as reports show it
 * @param text the whole line as written, comment included
 */
public record PolicyLine(String file, int number, boolean deny, EgressPattern pattern, String text) {
  /** "policy.txt:3", as compilers name a line. */
  public String where() {
    return file + ":" + number;
  }
}

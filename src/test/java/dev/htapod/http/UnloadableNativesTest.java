package dev.htapod.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A native library that does not load gives a result that says so. Both libraries remember a
 * failed load for the life of the JVM, so this runs in a JVM of its own, pointed at files that do
 * not exist.
 */
class UnloadableNativesTest {
  /** Run in the child JVM: one line per coding. */
  public static void main(String[] args) {
    byte[] body = {1, 2, 3};
    for (String coding : new String[] {"br", "zstd"}) {
      DecodedBody decoded = ContentDecoding.decode(coding, body, 100);
      System.out.println(decoded.outcome() + " " + decoded.bytes().length + " " + decoded.problem());
    }
  }

  @Test
  void aLibraryThatDoesNotLoadIsReportedNotThrown() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(
            java.toString(),
            "-cp", System.getProperty("java.class.path"),
            "-Dbrotli4j.library.path=/nonexistent/libbrotli.so",
            "-DZstdNativePath=/nonexistent/libzstd-jni.so",
            UnloadableNativesTest.class.getName())
        .redirectErrorStream(true)
        .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output.lines())
        .hasSize(2)
        .satisfiesExactly(
            br -> assertThat(br).startsWith("NOT_DECODED 3 cannot decode br here: ").contains("/nonexistent"),
            zstd -> assertThat(zstd).startsWith("NOT_DECODED 3 cannot decode zstd here: ").contains("/nonexistent"));
  }
}

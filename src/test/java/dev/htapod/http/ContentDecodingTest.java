package dev.htapod.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import dev.htapod.http.DecodedBody.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDecodingTest {
  private static final int LIMIT = 1 << 20;

  @BeforeAll
  static void loadTheBrotliEncoder() {
    Brotli4jLoader.ensureAvailability();
  }

  /**
   * Text with enough variety that compressed output is long enough to cut in the middle, and
   * longer than zstd's 128 KiB blocks, which decode only whole.
   */
  private static byte[] body() {
    StringBuilder text = new StringBuilder();
    Random random = new Random(7);
    for (int i = 0; i < 16000; i++) {
      text.append("line ").append(i).append(' ').append(Long.toHexString(random.nextLong())).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "x-gzip", "deflate", "deflate-raw", "br", "zstd", "identity"})
  void eachCodingRoundTrips(String coding) throws IOException {
    byte[] body = body();
    DecodedBody decoded = ContentDecoding.decode(header(coding), encode(coding, body), LIMIT);
    assertThat(decoded.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(decoded.whole()).isTrue();
    assertThat(decoded.problem()).isNull();
    assertThat(decoded.bytes()).isEqualTo(body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "deflate-raw", "br", "zstd"})
  void aTruncatedBodyGivesAPrefix(String coding) throws IOException {
    byte[] body = body();
    byte[] encoded = encode(coding, body);
    DecodedBody decoded = ContentDecoding.decode(header(coding), Arrays.copyOf(encoded, encoded.length / 2), LIMIT);
    assertThat(decoded.outcome()).isEqualTo(Outcome.TRUNCATED);
    assertThat(decoded.whole()).isFalse();
    assertThat(decoded.bytes().length).isGreaterThan(body.length / 4).isLessThan(body.length);
    assertThat(decoded.bytes()).isEqualTo(Arrays.copyOf(body, decoded.bytes().length));
  }

  @Test
  void aListIsUndoneFromItsLastCoding() throws IOException {
    byte[] body = body();
    byte[] encoded = encode("br", encode("gzip", body));
    DecodedBody decoded = ContentDecoding.decode("gzip, br", encoded, LIMIT);
    assertThat(decoded.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(decoded.bytes()).isEqualTo(body);
  }

  @Test
  void emptyListElementsAndCaseDoNotMatter() throws IOException {
    byte[] body = body();
    DecodedBody decoded = ContentDecoding.decode(" , GZIP ,identity,", encode("gzip", body), LIMIT);
    assertThat(decoded.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(decoded.bytes()).isEqualTo(body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "br", "zstd"})
  void aBombStopsAtTheLimit(String coding) throws IOException {
    byte[] huge = new byte[64 << 20];
    byte[] encoded = encode(coding, huge);
    assertThat(encoded.length).isLessThan(1 << 20);
    DecodedBody decoded = ContentDecoding.decode(coding, encoded, 1000);
    assertThat(decoded.outcome()).isEqualTo(Outcome.LIMITED);
    assertThat(decoded.bytes()).hasSize(1000).containsOnly(0);
  }

  @Test
  void aBodyOfExactlyTheLimitIsWhole() throws IOException {
    byte[] body = "exactly".getBytes(StandardCharsets.US_ASCII);
    DecodedBody decoded = ContentDecoding.decode("gzip", encode("gzip", body), body.length);
    assertThat(decoded.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(decoded.bytes()).isEqualTo(body);
  }

  @Test
  void noCodingKeepsTheBytesUpToTheLimit() {
    byte[] body = "plain body".getBytes(StandardCharsets.US_ASCII);
    assertThat(ContentDecoding.decode(null, body, 100).bytes()).isEqualTo(body);
    DecodedBody capped = ContentDecoding.decode("", body, 5);
    assertThat(capped.outcome()).isEqualTo(Outcome.LIMITED);
    assertThat(capped.bytes()).isEqualTo("plain".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anUnknownCodingIsReportedAndTheBytesKept() {
    byte[] body = "LZW?".getBytes(StandardCharsets.US_ASCII);
    DecodedBody decoded = ContentDecoding.decode("gzip, compress", body, 100);
    assertThat(decoded.outcome()).isEqualTo(Outcome.NOT_DECODED);
    assertThat(decoded.problem()).isEqualTo("unknown content coding 'compress'");
    assertThat(decoded.bytes()).isEqualTo(body);
  }

  @Test
  void corruptInputIsReportedNotThrown() {
    byte[] notGzip = "this is not gzip at all, just text".getBytes(StandardCharsets.US_ASCII);
    DecodedBody decoded = ContentDecoding.decode("gzip", notGzip, 100);
    assertThat(decoded.outcome()).isEqualTo(Outcome.CORRUPT);
    assertThat(decoded.problem()).startsWith("corrupt gzip body: ");
    assertThat(ContentDecoding.decode("br", notGzip, 100).outcome()).isEqualTo(Outcome.CORRUPT);
    assertThat(ContentDecoding.decode("zstd", notGzip, 100).outcome()).isEqualTo(Outcome.CORRUPT);
  }

  @Test
  void anEmptyBodyNeedsNoDecoding() {
    DecodedBody decoded = ContentDecoding.decode("gzip", new byte[0], 100);
    assertThat(decoded.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(decoded.bytes()).isEmpty();
  }

  @Test
  void aZlibHeaderIsRecognised() throws IOException {
    assertThat(DeflateInput.isZlibHeader(encode("deflate", body()))).isTrue();
    assertThat(DeflateInput.isZlibHeader(encode("deflate-raw", body()))).isFalse();
  }

  @Test
  void nativeFailureNamesTheCodingAndTheRootCause() {
    Throwable failure = new UnsatisfiedLinkError("outer");
    failure.initCause(new IllegalStateException("libbrotli.so: cannot open shared object file"));
    assertThat(NativeFailure.describe("br", failure))
        .isEqualTo("cannot decode br here: libbrotli.so: cannot open shared object file");
  }

  private static String header(String coding) {
    return coding.equals("deflate-raw") ? "deflate" : coding;
  }

  /** Encodes with the reference encoders; "deflate-raw" is deflate without the zlib wrapper. */
  static byte[] encode(String coding, byte[] body) throws IOException {
    switch (coding) {
      case "gzip":
      case "x-gzip":
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
          out.write(body);
        }
        return gzip.toByteArray();
      case "deflate":
      case "deflate-raw":
        return deflate(body, coding.equals("deflate-raw"));
      case "br":
        return Encoder.compress(body);
      case "zstd":
        return Zstd.compress(body);
      default:
        return body;
    }
  }

  private static byte[] deflate(byte[] body, boolean raw) throws IOException {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
      out.write(body);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }
}

package dev.htapod.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.htapod.api.HttpExchangeEvent;
import dev.htapod.api.RecordSettings;
import dev.htapod.api.TapListener;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes every HTTP exchange to a HAR 1.2 file as it ends.
 *
 * <p>The file is valid JSON after every entry, not only after {@link #close()}: each entry is
 * written over the closing brackets and followed by them again, so a run killed hard (SIGKILL,
 * OOM) still leaves a file that opens in browser dev tools. Entries are in the order exchanges
 * ended; HAR readers sort by startedDateTime.
 *
 * <p>Events come from htapod's report thread and {@code close} may come from another; writes are
 * serialized on this object, while each entry is serialized before taking the lock.
 *
 * <p>A recording ({@link #recording}) is the same file with more in each entry: see {@link
 * RecordedBody} and {@link HarEntry#bytes(HttpExchangeEvent, Redaction)}.
 */
public final class HarWriter implements TapListener, Closeable {
  private static final System.Logger LOG = System.getLogger(HarWriter.class.getName());
  private static final byte[] TRAILER = "\n]}}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FIRST = "\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEXT = ",\n".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final Entries entries;
  private final FileChannel channel;
  /** Where the trailer starts, which is where the next entry goes. */
  private long end;
  private boolean empty = true;
  private boolean closed;
  private IOException failure;

  /** Creates (or empties) {@code file} and writes the log's header and an empty entry list. */
  public HarWriter(Path file) throws IOException {
    this(file, HarEntry::bytes);
  }

  private HarWriter(Path file, Entries entries) throws IOException {
    this.file = file;
    this.entries = entries;
    this.channel = FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      byte[] header = header();
      writeAt(0, header, TRAILER);
      end = header.length;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void httpExchange(HttpExchangeEvent exchange) {
    byte[] entry;
    try {
      entry = entries.bytes(exchange);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "HAR: left out " + exchange.method() + " " + exchange.url() + ": " + e);
      return;
    }
    append(entry);
  }

  /** A writer of the recording {@code settings} describe, which creates (or empties) its file. */
  public static HarWriter recording(RecordSettings settings) throws IOException {
    Redaction redaction = new Redaction(settings.redactedNames());
    return new HarWriter(settings.file(), exchange -> HarEntry.bytes(exchange, redaction));
  }

  private synchronized void append(byte[] entry) {
    if (closed || failure != null) {
      return;
    }
    byte[] separator = empty ? FIRST : NEXT;
    try {
      writeAt(end, separator, entry, TRAILER);
      end += separator.length + entry.length;
      empty = false;
    } catch (IOException e) {
      // Reported by close(): the report thread has no one to tell.
      failure = e;
    }
  }

  /**
   * Closes the file, which is complete already. Closing again does nothing.
   *
   * @throws IOException when an entry could not be written
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    channel.close();
    if (failure != null) {
      throw new IOException("cannot write HAR file " + file + ": " + failure.getMessage(), failure);
    }
  }

  private void writeAt(long position, byte[]... parts) throws IOException {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      buffer.put(part);
    }
    buffer.flip();
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /** How an exchange becomes an entry. */
  private interface Entries {
    byte[] bytes(HttpExchangeEvent exchange) throws IOException;
  }

  /** {"log":{"version":"1.2","creator":{...},"entries":[ */
  private static byte[] header() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("log");
      json.writeStringField("version", "1.2");
      json.writeObjectFieldStart("creator");
      json.writeStringField("name", "htapod");
      json.writeStringField("version", creatorVersion());
      json.writeEndObject();
      json.writeArrayFieldStart("entries");
      // The generator is closed with the array and objects open: their ends are the trailer.
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }
    return out.toByteArray();
  }

  /** The jar manifest's Implementation-Version; classes outside a jar are a development build. */
  private static String creatorVersion() {
    String version = HarWriter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

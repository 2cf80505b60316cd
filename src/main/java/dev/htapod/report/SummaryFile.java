package dev.htapod.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file a Markdown summary goes to: one the run replaces ({@code --summary-md}), or one it appends
 * to ({@code $GITHUB_STEP_SUMMARY}, which holds the summaries of a job's earlier steps). Opened when
 * the run starts, so that one that cannot be written stops it before the command runs; written
 * once, at the end.
 */
public final class SummaryFile implements Closeable {
  private final Path file;
  private final FileChannel channel;
  /** Why the summary could not be written: told by {@link #close}, as the report thread has no one to tell. */
  private IOException failure;

  private SummaryFile(Path file, StandardOpenOption mode) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
  }

  /** Creates or empties {@code file}. */
  public static SummaryFile replacing(Path file) throws IOException {
    return new SummaryFile(file, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Opens {@code file} (made if missing) to add to its end; what it holds is kept. */
  public static SummaryFile appending(Path file) throws IOException {
    return new SummaryFile(file, StandardOpenOption.APPEND);
  }

  /** Writes {@code markdown}, after a blank line when the file holds something already. */
  void write(String markdown) {
    try {
      String text = channel.size() > 0 ? "\n" + markdown : markdown;
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * Closes the file.
   *
   * @throws IOException when the summary could not be written
   */
  @Override
  public void close() throws IOException {
    channel.close();
    if (failure != null) {
      throw new IOException("cannot write the Markdown summary " + file + ": " + failure.getMessage(), failure);
    }
  }
}

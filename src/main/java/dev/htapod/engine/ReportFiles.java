package dev.htapod.engine;

import dev.htapod.api.HtapodException;
import dev.htapod.api.RecordSettings;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.api.Htapod;
import dev.htapod.report.HarWriter;
import dev.htapod.report.MarkdownSummary;
import dev.htapod.report.PcapngWriter;
import dev.htapod.report.SummaryFile;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a run writes besides its report lines: {@code --har}, {@code --record}, {@code
 * --pcap} and the Markdown summary ({@code --summary-md}, {@code $GITHUB_STEP_SUMMARY}). All are
 * opened before the command starts, so that one that cannot be written stops the run at once.
 */
final class ReportFiles implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("htapod");

  private final HarWriter har;
  private final HarWriter record;
  private final PcapTaps pcap;
  private final MarkdownSummary summary;
  private final List<Closeable> open = new ArrayList<>();

  /** @param clock stamps the capture's packets */
  ReportFiles(Htapod tap, Clock clock) {
    try {
      this.har = tap.har() == null ? null : open("HAR", tap.har(), HarWriter::new);
      RecordSettings record = tap.record();
      this.record = record == null ? null : open("recording", record.file(), file -> HarWriter.recording(record));
      this.pcap = tap.pcap() == null ? null : new PcapTaps(open("pcapng", tap.pcap(), file -> new PcapngWriter(file, clock)));
      List<SummaryFile> summaries = new ArrayList<>();
      if (tap.summaryMarkdown() != null) {
        summaries.add(open("Markdown summary", tap.summaryMarkdown(), SummaryFile::replacing));
      }
      if (tap.summaryMarkdownAppended() != null) {
        summaries.add(open("Markdown summary", tap.summaryMarkdownAppended(), SummaryFile::appending));
      }
      this.summary = summaries.isEmpty() ? null : new MarkdownSummary(summaries);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The HAR file's writer, or null. */
  TapListener harListener() {
    return har;
  }

  /** The Markdown summary's writer, or null. */
  TapListener summaryListener() {
    return summary;
  }

  /** The recording's writer, or null. */
  TapListener recordListener() {
    return record;
  }

  /** {@code connections}, and the capture's taps when there is one. */
  StreamTap.Factory withCapture(StreamTap.Factory connections) {
    return pcap == null ? connections : connections.and(pcap);
  }

  UdpTap datagrams() {
    return pcap == null ? UdpTap.NONE : pcap;
  }

  private <T extends Closeable> T open(String kind, Path file, Opener<T> opener) {
    try {
      T writer = opener.open(file);
      open.add(writer);
      return writer;
    } catch (IOException | RuntimeException e) {
      throw new HtapodException("cannot write the " + kind + " file " + file + ": " + reason(e));
    }
  }

  private static String reason(Exception e) {
    return e instanceof NoSuchFileException ? "no such directory"
        : e instanceof AccessDeniedException ? "permission denied"
        : String.valueOf(e.getMessage());
  }

  /** Finishes each file; one that fails is named, and the others are still finished. */
  @Override
  public void close() {
    for (Closeable file : open) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.log(Level.ERROR, "a report file is incomplete: " + e.getMessage());
      }
    }
    open.clear();
  }

  /** Opens an output file. */
  private interface Opener<T> {
    T open(Path file) throws IOException;
  }
}

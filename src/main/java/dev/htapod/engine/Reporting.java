package dev.htapod.engine;

import dev.htapod.api.DestinationUse;
import dev.htapod.api.Htapod;
import dev.htapod.api.SummaryBy;
import dev.htapod.api.SummaryEvent;
import dev.htapod.api.TapListener;
import dev.htapod.http.ExchangeSequence;
import dev.htapod.http.HttpTaps;
import dev.htapod.http.Recording;
import dev.htapod.policy.PolicyLine;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.relay.StreamTap;
import dev.htapod.report.GrepFilter;
import dev.htapod.report.JsonLinesReporter;
import dev.htapod.report.TextReporter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run observes and reports, all on the report thread: HTTP observation, the capture, report
 * lines, the HAR file, the API's listeners and the summary.
 */
final class Reporting implements AutoCloseable {
  private final ReportThread thread = new ReportThread();
  private final Tally tally = new Tally();
  /** The report thread's until {@link #finish}, then the run's thread's, which reads it. */
  private final DestinationLog destinations;
  private final ReportFiles files;
  /** Every listener, called on the report thread. */
  private final TapListener listeners;
  private final QueuedListener queued;
  /**
   * Whether anything reports what happened, beyond counting it: report lines, a HAR file, a
   * recording, a listener of the library's, --learn's file or a Markdown summary. -q alone (with
   * or without --pcap) has none.
   */
  private final boolean shown;
  /** The HTTP observer, or null when nothing would see what it finds. */
  private final HttpTaps http;

  /**
   * Opens the report files: one that cannot be written stops the run here.
   *
   * @param policyLines the lines of the policy files, for the lines nothing used
   */
  Reporting(Htapod tap, List<PolicyLine> policyLines) {
    this.destinations = new DestinationLog(policyLines);
    try {
      this.files = new ReportFiles(tap, thread.withZone(ZoneOffset.UTC));
    } catch (RuntimeException e) {
      thread.close();
      throw e;
    }
    this.listeners = listeners(tap);
    this.shown = tap.reportStream() != null || tap.har() != null || !tap.listeners().isEmpty() || tap.learn() != null
        || tap.record() != null || files.summaryListener() != null;
    this.queued = new QueuedListener(listeners, thread, shown);
    // Bodies are kept when something shows or searches them.
    boolean bodies = tap.bodies() || tap.har() != null || tap.grep() != null || tap.record() != null;
    // Unshown, exchanges would only be counted for a summary nobody sees: at 28 k requests/s over
    // 16 connections the report thread fell behind, and its backlog made young collections of
    // 20-45 ms.
    this.http = shown ? new HttpTaps(new Recording(bodies, tap.maxBody(), listeners, thread,
        tap.record() != null, new ExchangeSequence())) : null;
  }

  /**
   * Whether events need the process behind each flow: only when something shows them. Looking
   * it up takes a thread's wake-up and reads of /proc per connection.
   */
  boolean namesProcesses() {
    return shown;
  }

  /** Told of events from any thread; each is posted to the report thread. */
  QueuedListener listener() {
    return queued;
  }

  /** Each connection's bytes, for the HTTP observer and the capture. */
  StreamTap.Factory connections() {
    StreamTap.Factory taps = files.withCapture(http == null ? StreamTap.Factory.NONE : http);
    return taps == StreamTap.Factory.NONE ? taps : new QueuedTaps(taps, UdpTap.NONE, thread);
  }

  /** Each datagram, for the capture when there is one. */
  UdpTap datagrams() {
    UdpTap capture = files.datagrams();
    return capture == UdpTap.NONE ? UdpTap.NONE : new QueuedTaps(StreamTap.Factory.NONE, capture, thread);
  }

  /** Tells the summary last, and returns once every report has been written. */
  void finish() {
    thread.post(() -> {
      SummaryEvent counted = tally.summary();
      listeners.summary(new SummaryEvent(counted.hosts(), counted.processes(), destinations.uses(),
          destinations.unusedPolicyLines()));
    });
    thread.close();
  }

  /** The destinations the command used or tried; once {@link #finish} has returned. */
  List<DestinationUse> destinations() {
    return destinations.uses();
  }

  private TapListener listeners(Htapod tap) {
    List<TapListener> all = new ArrayList<>(tap.listeners());
    all.add(tally);
    all.add(destinations);
    if (tap.reportStream() != null) {
      all.add(reporter(tap));
    }
    if (files.harListener() != null) {
      all.add(files.harListener());
    }
    if (files.recordListener() != null) {
      all.add(files.recordListener());
    }
    if (files.summaryListener() != null) {
      all.add(files.summaryListener());
    }
    return new Listeners(all);
  }

  /** The report lines' writer, behind --grep's filter when there is one. */
  private static TapListener reporter(Htapod tap) {
    boolean grep = tap.grep() != null;
    TapListener reporter = switch (tap.reportFormat()) {
      case TEXT -> new TextReporter(tap.reportStream(),
          new TextReporter.Style(tap.headers(), tap.bodies(), tap.color(), tap.verbose(), grep,
          tap.verbose() || tap.summaryBy() == SummaryBy.HOST, tap.verbose() || tap.summaryBy() == SummaryBy.PROCESS,
          !tap.policies().isEmpty()));
      case JSON -> new JsonLinesReporter(tap.reportStream(), tap.bodies(), tap.verbose());
    };
    return grep ? new GrepFilter(tap.grep(), reporter) : reporter;
  }

  /** Writes what is still queued, then finishes the files. */
  @Override
  public void close() {
    thread.close();
    files.close();
  }
}

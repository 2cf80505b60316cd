package dev.htapod.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.TappedConnection;
import java.util.List;

/**
 * Opens a fresh tap through {@link HttpTaps} for each play of a conversation, as the relay does
 * for each connection, and hears what it reports.
 */
final class TapRun {
  static final int CAP = 1 << 16;

  private final TappedConnection connection;
  private final boolean bodies;
  private final int cap;

  private TapRun(TappedConnection connection, boolean bodies, int cap) {
    this.connection = connection;
    this.bodies = bodies;
    this.cap = cap;
  }

  /** Bodies kept, up to {@link #CAP}. */
  static TapRun on(TappedConnection connection) {
    return new TapRun(connection, true, CAP);
  }

  TapRun keepingBodies(boolean keep, int maxBody) {
    return new TapRun(connection, keep, maxBody);
  }

  EventLog play(Conversation conversation, Cuts cuts) {
    EventLog log = new EventLog();
    conversation.play(new HttpTaps(new Recording(bodies, cap, log, ObservedTime.NOW)).open(connection), cuts, log::note);
    return log;
  }

  EventLog play(Conversation conversation) {
    return play(conversation, Cuts.none());
  }

  /**
   * Plays {@code conversation} cut in every way {@link Cuts#every} knows, each time expecting
   * {@code lines}; returns what the uncut play heard.
   */
  EventLog hearsUnderEveryCut(Conversation conversation, String... lines) {
    return hears(conversation, Cuts.every(conversation), lines);
  }

  EventLog hears(Conversation conversation, List<Cuts> cutsList, String... lines) {
    EventLog first = null;
    for (Cuts cuts : cutsList) {
      EventLog log = play(conversation, cuts);
      assertThat(log.lines()).as("heard, %s", cuts).containsExactly(lines);
      first = first == null ? log : first;
    }
    return first;
  }
}

package dev.htapod.api;

/** How report lines are written. */
public enum ReportFormat {
  /** One line per event, for people and grep. */
  TEXT,
  /** One JSON object per event (JSON Lines). */
  JSON
}

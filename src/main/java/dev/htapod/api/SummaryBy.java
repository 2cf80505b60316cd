package dev.htapod.api;

/** How the text report's summary lines are grouped at the end of a run. */
public enum SummaryBy {
  /** No summary lines, unless the report is verbose (then both kinds). */
  NONE,
  /** A line per host the command talked to. */
  HOST,
  /** A line per process of the run that made a flow, with the hosts it talked to. */
  PROCESS
}

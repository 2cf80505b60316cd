/**
 * Report sinks: the run's events as text lines or JSON Lines, each line written whole and flushed
 * as it happens, so that concurrent events never interleave within a line.
 */
package dev.htapod.report;

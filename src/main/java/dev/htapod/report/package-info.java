/**
 * Report sinks: the run's events as text lines or JSON Lines, each line written whole and flushed
 * as it happens, so that concurrent events never interleave within a line; and HTTP exchanges as
 * a HAR 1.2 file that is valid JSON after every entry. {@link dev.htapod.report.BodyText} decides
 * for all of them whether a body shows as text or as binary.
 */
package dev.htapod.report;

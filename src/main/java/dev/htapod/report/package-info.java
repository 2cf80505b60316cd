/**
 * Report sinks: the run's events as text lines or JSON Lines, each line written whole and flushed
 * as it happens, so that concurrent events never interleave within a line; HTTP exchanges as a
 * HAR 1.2 file that is valid JSON after every entry; the relayed traffic as a pcapng file ({@link
 * dev.htapod.report.PcapngWriter}, built on {@link dev.htapod.report.pcap}); and the run's summary
 * in Markdown for a CI job's page ({@link dev.htapod.report.MarkdownSummary}), written once at the
 * end. {@link dev.htapod.report.BodyText} decides for the reports of exchanges whether a body shows
 * as text or as binary.
 */
package dev.htapod.report;

/**
 * Report sinks: the run's events as text lines or JSON Lines, each line written whole and flushed
 * as it happens, so that concurrent events never interleave within a line; HTTP exchanges as a
 * HAR 1.2 file that is valid JSON after every entry; and the relayed traffic as a pcapng file
 * ({@link dev.htapod.report.PcapngWriter}, built on {@link dev.htapod.report.pcap}). {@link
 * dev.htapod.report.BodyText} decides for the reports of exchanges whether a body shows as text
 * or as binary.
 */
package dev.htapod.report;

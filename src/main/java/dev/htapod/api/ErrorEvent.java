package dev.htapod.api;

/**
 * Something htapod could not do for the command, such as relaying a ping.
 *
 * @param subject what it concerns: an address, a URL
 * @param message why, and what to do about it
 * @param process the process of the run whose flow it concerns, or null when none or not known
 */
public record ErrorEvent(String subject, String message, ProcessInfo process) {}

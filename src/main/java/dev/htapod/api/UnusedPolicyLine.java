package dev.htapod.api;

/**
 * An allow line of a policy file that no destination of the run matched: a candidate to remove.
 *
 * @param file the file's name as the user gave it
 * @param line the line's number, from 1
 * @param pattern its pattern
 */
public record UnusedPolicyLine(String file, int line, String pattern) {}

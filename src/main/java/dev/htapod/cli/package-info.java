/**
 * The {@code htapod} command: parses options with picocli, builds a {@link dev.htapod.api.Htapod}
 * and runs the command under it. Nothing here that the API cannot do.
 */
package dev.htapod.cli;

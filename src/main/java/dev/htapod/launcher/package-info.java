/**
 * What {@code scripts/htapod} runs besides the command line: {@link
 * dev.htapod.launcher.WarmServer}, the warm htapod process that the native launcher
 * (native/launch.c) hands runs to, so that a run starts in a JVM whose code has run before; and
 * {@link dev.htapod.launcher.ArchiveTraining}, the workload its class-data archive (AppCDS) is
 * recorded with once per build, so that the archive holds the classes a relayed connection, DNS
 * and TLS load, whatever the user's first run does.
 */
package dev.htapod.launcher;

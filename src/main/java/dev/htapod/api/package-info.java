/**
 * htapod's public Java API: configure a tap with {@link dev.htapod.api.Htapod#builder()} and run
 * a command under it. Depends on the JDK only; the engine plugs in through {@link
 * dev.htapod.api.TapRunner}.
 */
package dev.htapod.api;

package dev.htapod.api;

/**
 * How an exchange's time divides, in milliseconds, as HAR counts it.
 *
 * @param send from the request's first byte to its last
 * @param waiting from the request's last byte to the response's first (-1 without a response)
 * @param receive from the response's first byte to its last (-1 without a response)
 */
public record HttpTimings(double send, double waiting, double receive) {}

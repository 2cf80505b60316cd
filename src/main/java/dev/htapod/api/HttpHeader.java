package dev.htapod.api;

/** One header field as it was sent (for HTTP/2, pseudo-headers such as {@code :path} too). */
public record HttpHeader(String name, String value) {}

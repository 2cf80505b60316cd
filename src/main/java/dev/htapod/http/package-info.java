/**
 * What htapod understands of HTTP beside the byte relay. Content codings (RFC 9110 section 8.4)
 * are undone here, over bodies that may have been capped before decoding, and never into more
 * than the caller's cap: a small compressed body must not become a large allocation.
 */
package dev.htapod.http;

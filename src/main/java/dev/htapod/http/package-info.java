/**
 * Observes HTTP beside the relay, never in it: each connection's bytes (decrypted when htapod
 * decrypts them) are copied into Netty's HTTP/1 and HTTP/2 decoders, which turn them into
 * exchanges for the listeners. Observing keeps at most the body cap of each message; what it cannot
 * parse ends its observation of that connection and nothing else.
 */
package dev.htapod.http;

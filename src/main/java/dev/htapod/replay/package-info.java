/**
 * Replay ({@code --replay}): the command's HTTP and HTTPS answered from a recording, with no
 * connection to anywhere.
 *
 * <p>A recording ({@link dev.htapod.replay.RecordingFile}: HAR, as {@code --record} writes it) is
 * read when the run starts into a {@link dev.htapod.replay.ReplayBook}, which matches each request
 * by method, URL and body (and the headers a recorded {@code Vary} names) and gives the recorded
 * answers in order. The {@link dev.htapod.replay.Replayer} takes the place of the relay: it
 * accepts each connection to a recorded port itself ({@link dev.htapod.replay.ReplayedTcp}), and
 * refuses and reports anything else. A replayed connection runs TLS (a leaf minted per name, ALPN
 * chosen from the recording) and Netty's HTTP/1.1 or HTTP/2 codecs in an EmbeddedChannel; {@link
 * dev.htapod.replay.ReplayAnswerer} writes each answer. The decrypted bytes are shown to the run's
 * taps, so replayed exchanges are reported, and recorded, like relayed ones.
 *
 * <p>Threads: everything here runs on the stack's event loop, but the recording's reading (in the
 * loop's set-up of the relays) and {@link dev.htapod.replay.Replayer#failedRequests()} and {@link
 * dev.htapod.replay.Replayer#refusedFlows()}, read once
 * the run is over.
 */
package dev.htapod.replay;

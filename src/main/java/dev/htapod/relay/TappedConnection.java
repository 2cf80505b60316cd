package dev.htapod.relay;

import dev.htapod.api.ProcessInfo;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A relayed connection as a tap sees it.
 *
 * @param client the command's end, as the command saw it
 * @param server the destination as the command saw it (e.g. the gateway address)
 * @param target where htapod dialed from the host
 * @param serverName the TLS SNI the command sent, or null
 * @param tls whether the command spoke TLS
 * @param decrypted whether htapod decrypted it: the tap sees plaintext
 * @param alpn the application protocol agreed in TLS ("h2"), or null
 * @param owner the process of the run that opened it, as its lookup will tell (null for unknown)
 */
public record TappedConnection(
    InetSocketAddress client,
    InetSocketAddress server,
    InetSocketAddress target,
    String serverName,
    boolean tls,
    boolean decrypted,
    String alpn,
    CompletableFuture<ProcessInfo> owner) {}

package dev.htapod.api;

import java.net.InetSocketAddress;

/**
 * A connection the command opened, as a {@link TcpRouter} or {@link TcpSniffer} sees it.
 *
 * @param client the command's end, inside its namespace (10.0.2.100 or fd00::100, and a port)
 * @param destination where the command connected to, as it dialed it (the gateway address
 *     10.0.2.2 or fd00::2 stands for the host's loopback)
 * @param host the name the command looked up for that address through htapod's DNS, or null
 */
public record Connection(InetSocketAddress client, InetSocketAddress destination, String host) {}

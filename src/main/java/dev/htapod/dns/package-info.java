/**
 * The built-in resolver the command asks (its /etc/resolv.conf names the gateway): A and AAAA
 * from {@code --resolve}, then from the host's own resolution or {@code --dns}; other types
 * forwarded upstream; loopback answers rewritten to the gateway, which stands for the host's
 * loopback. Over UDP and TCP, parsed and written with Netty's DNS codec.
 */
package dev.htapod.dns;

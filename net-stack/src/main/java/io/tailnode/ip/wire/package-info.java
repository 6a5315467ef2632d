/**
 * Flyweight views over IPv4, IPv6, ICMP echo and TCP headers in caller buffers, re-pointed with {@code wrap}
 * (style-anchors §"Wire formats"), and the Internet checksum (RFC 1071). A view owns no data; {@code check()}
 * validates untrusted input once and returns 0 or a negative {@link io.tailnode.ip.IpReason}; getters assume
 * a passed check ({@link io.tailnode.ip.wire.TcpHeader} returns {@link io.tailnode.ip.tcp.TcpReason} codes instead, so
 * TCP drops share one counter array). Allocation-free; not thread-safe (one view per owner).
 */
package io.tailnode.ip.wire;

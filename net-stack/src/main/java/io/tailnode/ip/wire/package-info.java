/**
 * Flyweight views over IPv4, IPv6 and ICMP echo headers in caller buffers, re-pointed with {@code wrap}
 * (style-anchors §"Wire formats"), and the Internet checksum (RFC 1071). A view owns no data; {@code check()}
 * validates untrusted input once and returns 0 or a negative {@link io.tailnode.ip.IpReason}; getters assume
 * a passed check. Allocation-free; not thread-safe (one view per owner).
 */
package io.tailnode.ip.wire;

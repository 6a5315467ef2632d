/**
 * The device's minimal IP layer behind the WireGuard tunnel: classification of inner packets for cryptokey
 * routing ({@link io.tailnode.ip.InnerPacket}) and ICMP/ICMPv6 echo answered on the device's own tunnel
 * addresses ({@link io.tailnode.ip.EchoResponder}). Sans-I/O over caller buffers, allocation-free after
 * construction, thread-confined. Failures are negative {@link io.tailnode.ip.IpReason} codes, counted.
 * Wire formats (views) live in {@code io.tailnode.ip.wire}; TCP in {@code io.tailnode.ip.tcp}; UDP comes with the
 * userspace stack issue.
 */
package io.tailnode.ip;

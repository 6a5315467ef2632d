/**
 * The device's minimal IP layer behind the WireGuard tunnel: classification of inner packets for cryptokey
 * routing ({@link io.tailnode.ip.InnerPacket}) and ICMP/ICMPv6 echo answered on the device's own tunnel
 * addresses ({@link io.tailnode.ip.EchoResponder}). Sans-I/O over caller buffers, allocation-free after
 * construction, thread-confined. Failures are negative {@link io.tailnode.ip.IpReason} codes, counted.
 * The userspace stack's IP layer is {@link io.tailnode.ip.IpStack} (ingress validation, dispatch, ICMP errors,
 * one output queue), UDP is {@link io.tailnode.ip.UdpLayer} with its fixed {@link io.tailnode.ip.UdpSocket}
 * table (status codes in {@link io.tailnode.ip.UdpStatus}); TCP ({@code io.tailnode.ip.tcp}) plugs in through
 * {@link io.tailnode.ip.TransportHandler}. Wire formats (views) live in {@code io.tailnode.ip.wire}.
 */
package io.tailnode.ip;

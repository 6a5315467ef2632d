/**
 * The device's userspace TCP (RFC 9293 and the RFCs named in each class): {@link io.tailnode.ip.tcp.TcpStack}
 * is the sans-I/O entry point (receive / poll / nextDeadline, time passed in) and the non-blocking socket API
 * with int handles. Fixed storage sized by {@link io.tailnode.ip.tcp.TcpConfig}; allocation-free after
 * construction; thread-confined to the event loop. Results and drops are {@link io.tailnode.ip.tcp.TcpReason}
 * codes. The TCP header view is {@code io.tailnode.ip.wire.TcpHeader}.
 */
package io.tailnode.ip.tcp;

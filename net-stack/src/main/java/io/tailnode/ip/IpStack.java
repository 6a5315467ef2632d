package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.ip.wire.UdpHeader;
import io.tailnode.lang.HotPath;

/**
 * The device's IP layer for packets from the tunnel (IPv4 RFC 791 / RFC 1122 §3.2.1, IPv6 RFC 8200), sans-I/O:
 * {@link #receive} takes one decrypted inner packet, {@link #poll} hands out one outgoing packet per call,
 * {@link #nextDeadline()} says when to call again. Only local delivery: the device is a host, never a router.
 * <p>
 * Ingress, in order, each rejection counted under its {@link IpReason} and returned:
 * <ol>
 * <li>IPv4 header checksum and lengths / IPv6 lengths (TRUNCATED, BAD_*); longer than the MTU: OVERSIZED.
 * TTL / hop limit are not checked: they matter to forwarding, not to delivery.</li>
 * <li>Not addressed to one of our tunnel addresses: NOT_FOR_US (no broadcast or multicast reception).</li>
 * <li>Fragments (IPv4 MF or offset, IPv6 Fragment header): FRAGMENT, silently. The device does not
 * reassemble: peers on a tailnet send at most the tunnel MTU and use PMTU discovery, and reassembly buffers
 * are a memory-exhaustion target. Without reassembly no "fragment reassembly time exceeded" is sent either.</li>
 * <li>IPv6 extension headers (hop-by-hop, routing, destination options) and No Next Header:
 * UNSUPPORTED_HEADER, silently (out of scope). IPv4 options are accepted and skipped for UDP and TCP; echo
 * requests with options are dropped by {@link EchoResponder}.</li>
 * <li>Dispatch: ICMP / ICMPv6 echo requests to {@link EchoResponder} (reply queued), other ICMP counted and
 * dropped (NOT_ECHO_REQUEST etc.); UDP to {@link UdpLayer} (unbound port: PORT_UNREACHABLE and an ICMP port
 * unreachable); TCP to the {@link TransportHandler} if one is registered; TCP without a handler and any other
 * protocol: PROTOCOL_UNREACHABLE and ICMPv4 protocol unreachable (RFC 1122 §3.2.2.1) / ICMPv6 parameter problem
 * code 1 pointing at the Next Header field (RFC 4443 §3.4).</li>
 * </ol>
 * ICMP errors go through {@link IcmpErrorSender} (never about ICMP errors, non-host sources, non-first
 * fragments; quoted within 576/1280 bytes; token-bucket rate limited). Everything queued waits in one fixed
 * {@link OutputQueue}; when it is full the reply or error is dropped and counted (OUTPUT_QUEUE_FULL).
 * Allocation-free after construction; not thread-safe (one event loop).
 */
public final class IpStack {
    public static final int PROTOCOL_TCP = 6;
    /** IPv6 minimum link MTU (RFC 8200 §5): every error we quote must fit it, so the MTU may not be lower. */
    public static final int MIN_MTU = 1280;
    /** RFC 8200 §4.7: nothing follows the header. */
    private static final int NO_NEXT_HEADER = 59;
    /** RFC 4443 §3.4: the pointer names the Next Header field of the fixed header. */
    private static final int NEXT_HEADER_FIELD_OFFSET = 6;


    private final TunnelAddresses addresses = new TunnelAddresses();
    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private final OutputQueue queue;
    private final EchoResponder echo;
    private final UdpLayer udp;
    private final IcmpErrorSender icmpErrors;
    private final int[] drops = new int[IpReason.COUNT + 1];
    private final int mtu;
    private TransportHandler tcp;
    private int received;
    private int delivered;

    public IpStack(IpStackConfig config) {
        if (config.mtu < MIN_MTU || config.mtu > 65535) {
            throw new IllegalArgumentException("mtu");
        }
        this.mtu = config.mtu;
        this.queue = new OutputQueue(config.outputQueuePackets, config.mtu);
        this.echo = new EchoResponder(config.mtu);
        this.udp = new UdpLayer(addresses, queue, config.mtu, config.udpSockets, config.udpRxPackets,
                config.udpRxBytes);
        this.icmpErrors = new IcmpErrorSender(queue,
                new IcmpRateLimiter(config.icmpErrorBurst, config.icmpErrorIntervalMs));
    }

    /** Sets the device's IPv4 tunnel address (4 bytes at {@code off}). */
    public void setAddressV4(byte[] a, int off) {
        addresses.setV4(a, off);
        echo.setAddressV4(a, off);
    }

    /** Sets the device's IPv6 tunnel address (16 bytes at {@code off}). */
    public void setAddressV6(byte[] a, int off) {
        addresses.setV6(a, off);
        echo.setAddressV6(a, off);
    }

    /** Registers the TCP implementation (null removes it: TCP is then answered with protocol unreachable). */
    public void setTcpHandler(TransportHandler handler) {
        this.tcp = handler;
    }

    public UdpLayer udp() {
        return udp;
    }

    public TunnelAddresses addresses() {
        return addresses;
    }

    public int mtu() {
        return mtu;
    }

    /**
     * One packet from the tunnel, {@code pkt[off, off+len)} (trailing WireGuard padding ignored). Returns OK
     * when it was consumed (echo reply queued, datagram delivered, handed to TCP), else the negative
     * {@link IpReason} it was dropped for (already counted). Never throws on bad input; never writes to
     * {@code pkt}.
     */
    @HotPath
    public int receive(byte[] pkt, int off, int len, long nowMs) {
        received++;
        int r = dispatch(pkt, off, len, nowMs);
        if (r < 0) {
            drops[-r]++;
        } else {
            delivered++;
        }
        return r;
    }

    @HotPath
    private int dispatch(byte[] pkt, int off, int len, long nowMs) {
        if (pkt == null || off < 0 || len < 1 || off > pkt.length - len) {
            return IpReason.TRUNCATED;
        }
        int version = (pkt[off] & 0xff) >>> 4;
        int total;
        int protocol;
        int payloadOff;
        if (version == 4) {
            int r = v4.wrap(pkt, off, len).check();
            if (r != IpReason.OK) {
                return r;
            }
            total = v4.totalLength();
            if (total > mtu) {
                return IpReason.OVERSIZED;
            }
            if (!addresses.isV4(v4.destination())) {
                return IpReason.NOT_FOR_US;
            }
            if (v4.isFragment()) {
                return IpReason.FRAGMENT;
            }
            protocol = v4.protocol();
            payloadOff = v4.payloadOffset();
        } else if (version == 6) {
            int r = v6.wrap(pkt, off, len).check();
            if (r != IpReason.OK) {
                return r;
            }
            total = v6.packetLength();
            if (total > mtu) {
                return IpReason.OVERSIZED;
            }
            if (!addresses.isV6(pkt, v6.destinationOffset())) {
                return IpReason.NOT_FOR_US;
            }
            protocol = v6.nextHeader();
            if (protocol == Ipv6Header.NEXT_HEADER_FRAGMENT) {
                return IpReason.FRAGMENT;
            }
            if (protocol == Ipv6Header.NEXT_HEADER_HOP_BY_HOP || protocol == Ipv6Header.NEXT_HEADER_ROUTING
                    || protocol == Ipv6Header.NEXT_HEADER_DESTINATION_OPTIONS || protocol == NO_NEXT_HEADER) {
                return IpReason.UNSUPPORTED_HEADER;
            }
            payloadOff = v6.payloadOffset();
        } else {
            return IpReason.BAD_VERSION;
        }
        int payloadLen = off + total - payloadOff;
        if (version == 4 ? protocol == Ipv4Header.PROTOCOL_ICMP : protocol == Ipv6Header.NEXT_HEADER_ICMPV6) {
            return icmp(pkt, off, total);
        }
        if (protocol == UdpHeader.PROTOCOL) {
            int r = udp.receive(pkt, off, version, payloadOff, payloadLen);
            if (r == IpReason.PORT_UNREACHABLE) {
                icmpErrors.send(pkt, off, total, version,
                        version == 4 ? IcmpErrorSender.V4_DESTINATION_UNREACHABLE
                                : IcmpErrorSender.V6_DESTINATION_UNREACHABLE,
                        version == 4 ? IcmpErrorSender.V4_CODE_PORT_UNREACHABLE
                                : IcmpErrorSender.V6_CODE_PORT_UNREACHABLE, 0, nowMs);
            }
            return r;
        }
        if (protocol == PROTOCOL_TCP && tcp != null) {
            return tcp.receive(pkt, off, total, version, nowMs) < 0 ? IpReason.TRANSPORT_DROPPED : IpReason.OK;
        }
        icmpErrors.send(pkt, off, total, version,
                version == 4 ? IcmpErrorSender.V4_DESTINATION_UNREACHABLE : IcmpErrorSender.V6_PARAMETER_PROBLEM,
                version == 4 ? IcmpErrorSender.V4_CODE_PROTOCOL_UNREACHABLE
                        : IcmpErrorSender.V6_CODE_UNRECOGNIZED_NEXT_HEADER,
                NEXT_HEADER_FIELD_OFFSET, nowMs);
        return IpReason.PROTOCOL_UNREACHABLE;
    }

    /** Echo requests are answered straight into the output queue; everything else ICMP is dropped. */
    @HotPath
    private int icmp(byte[] pkt, int off, int total) {
        int slot = queue.reserve();
        if (slot < 0) {
            // Validate anyway, so only a reply we would have sent counts as OUTPUT_QUEUE_FULL.
            int r = echo.respond(pkt, off, total, null, 0, 0);
            return r == IpReason.BUFFER_TOO_SMALL ? IpReason.OUTPUT_QUEUE_FULL : r;
        }
        int n = echo.respond(pkt, off, total, queue.buffer(), queue.offset(slot), queue.slotSize());
        if (n < 0) {
            return n;
        }
        queue.commit(slot, n);
        return IpReason.OK;
    }

    /**
     * Writes the next outgoing IP packet into {@code out[off, off+cap)}: first what the stack queued (echo
     * replies, ICMP errors, UDP datagrams, oldest first), then what the TCP handler produces. Returns its
     * length, 0 when there is nothing to send, or BUFFER_TOO_SMALL (the packet stays queued; {@code cap} of
     * {@link #mtu()} always suffices).
     */
    @HotPath
    public int poll(long nowMs, byte[] out, int off, int cap) {
        int n = queue.pop(out, off, cap);
        if (n != 0) {
            return n;
        }
        return tcp != null ? tcp.poll(nowMs, out, off, cap) : 0;
    }

    /**
     * When to call {@link #poll} next: Long.MIN_VALUE ("now") while packets are queued, else the TCP
     * handler's deadline, else Long.MAX_VALUE. Sockets' readiness is the services' to check.
     */
    public long nextDeadline() {
        if (!queue.isEmpty()) {
            return Long.MIN_VALUE;
        }
        return tcp != null ? tcp.nextDeadline() : Long.MAX_VALUE;
    }

    /** Packets dropped for {@code reason} (a negative {@link IpReason}). */
    public int dropCount(int reason) {
        return reason < 0 && -reason <= IpReason.COUNT ? drops[-reason] : 0;
    }

    /** Packets passed to {@link #receive}, and those consumed without a drop. */
    public int receivedCount() {
        return received;
    }

    public int deliveredCount() {
        return delivered;
    }

    public int echoReplyCount() {
        return echo.replyCount();
    }

    public IcmpErrorSender icmpErrors() {
        return icmpErrors;
    }

    public int queuedCount() {
        return queue.size();
    }
}

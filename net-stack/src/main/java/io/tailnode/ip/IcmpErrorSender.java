package io.tailnode.ip;

import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Builds ICMP (RFC 792) and ICMPv6 (RFC 4443 §3) error messages about a received packet into the
 * {@link OutputQueue}, after the rules that say when not to:
 * <ul>
 * <li>never about an ICMP error (RFC 1122 §3.2.2; RFC 4443 §2.4(e.1)), about a packet from a source that is
 * not one host (unspecified, loopback, multicast, broadcast/class E; RFC 1122 §3.2.2, RFC 4443 §2.4(e.3,e.6)),
 * or about a fragment other than the first (RFC 1122 §3.2.2) - the stack drops all fragments before
 * dispatch anyway, so this is defence in depth;</li>
 * <li>rate-limited by a token bucket ({@link IcmpRateLimiter}, RFC 4443 §2.4(f)).</li>
 * </ul>
 * The message quotes as much of the offending packet (its IP length, padding excluded) as keeps the error
 * within the minimum MTU: 576 bytes for IPv4 (RFC 1812 §4.3.2.3), 1280 for IPv6 (RFC 4443 §2.4(c)). The error
 * goes from the address the packet was sent to (ours) back to its source, TTL / hop limit 64. Not thread-safe.
 */
public final class IcmpErrorSender {
    public static final int V4_DESTINATION_UNREACHABLE = 3;
    public static final int V4_CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int V4_CODE_PORT_UNREACHABLE = 3;
    public static final int V6_DESTINATION_UNREACHABLE = 1;
    public static final int V6_CODE_PORT_UNREACHABLE = 4;
    public static final int V6_PARAMETER_PROBLEM = 4;
    public static final int V6_CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    /** RFC 1812 §4.3.2.3 / RFC 4443 §2.4(c): an error must fit the minimum MTU of its family. */
    public static final int V4_MAX_ERROR_LENGTH = 576;
    public static final int V6_MAX_ERROR_LENGTH = 1280;
    private static final int ICMP_HEADER_LENGTH = 8;
    private static final int TTL = 64;

    /** {@link #send} results. */
    public static final int SENT = 1;
    public static final int SUPPRESSED = 0;
    public static final int RATE_LIMITED = -1;
    public static final int QUEUE_FULL = -2;

    private final OutputQueue queue;
    private final IcmpRateLimiter limiter;
    private final Ipv4Header v4 = new Ipv4Header();
    private int ipId;
    private int sent;
    private int suppressed;
    private int rateLimited;
    private int queueFull;

    public IcmpErrorSender(OutputQueue queue, IcmpRateLimiter limiter) {
        this.queue = queue;
        this.limiter = limiter;
    }

    /**
     * Queues an error of {@code type}/{@code code} about the packet {@code pkt[off, off+len)} (validated IP,
     * {@code len} its IP length, {@code version} 4 or 6). {@code pointer} is the ICMPv6 Parameter Problem
     * pointer (ignored otherwise). Returns SENT, SUPPRESSED, RATE_LIMITED or QUEUE_FULL (each counted).
     */
    @HotPath
    public int send(byte[] pkt, int off, int len, int version, int type, int code, int pointer, long nowMs) {
        if (version == 4 ? !mayAnswerV4(pkt, off, len) : !mayAnswerV6(pkt, off, len)) {
            suppressed++;
            return SUPPRESSED;
        }
        int slot = queue.reserve();
        if (slot < 0) {
            queueFull++;
            return QUEUE_FULL;
        }
        if (!limiter.tryAcquire(nowMs)) {
            rateLimited++;
            return RATE_LIMITED;
        }
        byte[] out = queue.buffer();
        int p = queue.offset(slot);
        int n = version == 4 ? buildV4(pkt, off, len, type, code, out, p) : buildV6(pkt, off, len, type, code,
                pointer, out, p);
        queue.commit(slot, n);
        sent++;
        return SENT;
    }

    @HotPath
    private int buildV4(byte[] pkt, int off, int len, int type, int code, byte[] out, int p) {
        int header = Ipv4Header.MIN_HEADER_LENGTH + ICMP_HEADER_LENGTH;
        int quote = Math.min(len, Math.min(V4_MAX_ERROR_LENGTH, queue.slotSize()) - header);
        int total = header + quote;
        IpEmit.v4Header(v4, out, p, total, ipId++, Ipv4Header.PROTOCOL_ICMP, TTL);
        System.arraycopy(pkt, off + Ipv4Header.DESTINATION_OFFSET, out, p + Ipv4Header.SOURCE_OFFSET, 4);
        System.arraycopy(pkt, off + Ipv4Header.SOURCE_OFFSET, out, p + Ipv4Header.DESTINATION_OFFSET, 4);
        v4.fillChecksum();
        int icmp = p + Ipv4Header.MIN_HEADER_LENGTH;
        out[icmp] = (byte) type;
        out[icmp + 1] = (byte) code;
        Bytes.putShortBE(out, icmp + 2, 0);
        Bytes.putIntBE(out, icmp + 4, 0); // unused (RFC 792)
        System.arraycopy(pkt, off, out, icmp + ICMP_HEADER_LENGTH, quote);
        Bytes.putShortBE(out, icmp + 2, InetChecksum.of(out, icmp, ICMP_HEADER_LENGTH + quote));
        return total;
    }

    @HotPath
    private int buildV6(byte[] pkt, int off, int len, int type, int code, int pointer, byte[] out, int p) {
        int header = Ipv6Header.HEADER_LENGTH + ICMP_HEADER_LENGTH;
        int quote = Math.min(len, Math.min(V6_MAX_ERROR_LENGTH, queue.slotSize()) - header);
        int icmpLength = ICMP_HEADER_LENGTH + quote;
        IpEmit.v6Header(out, p, icmpLength, Ipv6Header.NEXT_HEADER_ICMPV6, TTL);
        System.arraycopy(pkt, off + Ipv6Header.DESTINATION_OFFSET, out, p + Ipv6Header.SOURCE_OFFSET,
                Ipv6Header.ADDRESS_LENGTH);
        System.arraycopy(pkt, off + Ipv6Header.SOURCE_OFFSET, out, p + Ipv6Header.DESTINATION_OFFSET,
                Ipv6Header.ADDRESS_LENGTH);
        int icmp = p + Ipv6Header.HEADER_LENGTH;
        out[icmp] = (byte) type;
        out[icmp + 1] = (byte) code;
        Bytes.putShortBE(out, icmp + 2, 0);
        Bytes.putIntBE(out, icmp + 4, type == V6_PARAMETER_PROBLEM ? pointer : 0);
        System.arraycopy(pkt, off, out, icmp + ICMP_HEADER_LENGTH, quote);
        long sum = InetChecksum.ipv6PseudoHeader(out, p + Ipv6Header.SOURCE_OFFSET,
                p + Ipv6Header.DESTINATION_OFFSET, icmpLength, Ipv6Header.NEXT_HEADER_ICMPV6);
        Bytes.putShortBE(out, icmp + 2, InetChecksum.finish(InetChecksum.add(sum, out, icmp, icmpLength)));
        return Ipv6Header.HEADER_LENGTH + icmpLength;
    }

    /** RFC 1122 §3.2.2: not about ICMP errors, non-initial fragments, or sources that are not one host. */
    @HotPath
    static boolean mayAnswerV4(byte[] pkt, int off, int len) {
        int first = pkt[off + Ipv4Header.SOURCE_OFFSET] & 0xff;
        // 0/8 this network, 127/8 loopback, 224/4 multicast, 240/4 reserved incl. 255.255.255.255 broadcast.
        if (first == 0 || first == 127 || first >= 224) {
            return false;
        }
        int dst = pkt[off + Ipv4Header.DESTINATION_OFFSET] & 0xff;
        if (dst >= 224) {
            return false; // multicast / broadcast destination
        }
        if ((Bytes.getShortBE(pkt, off + 6) & 0x1fff) != 0) {
            return false; // not the first fragment
        }
        if ((pkt[off + 9] & 0xff) == Ipv4Header.PROTOCOL_ICMP) {
            int ihl = (pkt[off] & 0x0f) * 4;
            if (len <= ihl) {
                return false; // no type to tell: assume an error
            }
            return isV4Informational(pkt[off + ihl] & 0xff);
        }
        return true;
    }

    /** RFC 792 / 950 query and reply types; everything else (3, 4, 5, 11, 12, unknown) counts as an error. */
    private static boolean isV4Informational(int type) {
        return type == 0 || type == 8 || (type >= 13 && type <= 18);
    }

    /** RFC 4443 §2.4(e): not about ICMPv6 errors (types below 128), nor from ::, ::1 or multicast. */
    @HotPath
    static boolean mayAnswerV6(byte[] pkt, int off, int len) {
        int src = off + Ipv6Header.SOURCE_OFFSET;
        if ((pkt[src] & 0xff) == 0xff || (pkt[off + Ipv6Header.DESTINATION_OFFSET] & 0xff) == 0xff) {
            return false;
        }
        int acc = 0;
        for (int i = 0; i < Ipv6Header.ADDRESS_LENGTH - 1; i++) {
            acc |= pkt[src + i];
        }
        int last = pkt[src + Ipv6Header.ADDRESS_LENGTH - 1];
        if (acc == 0 && (last == 0 || last == 1)) {
            return false; // unspecified (::) or loopback (::1)
        }
        int next = pkt[off + 6] & 0xff;
        int payload = off + Ipv6Header.HEADER_LENGTH;
        if (next == Ipv6Header.NEXT_HEADER_ICMPV6) {
            return len > Ipv6Header.HEADER_LENGTH && (pkt[payload] & 0xff) >= 128;
        }
        if (next == Ipv6Header.NEXT_HEADER_FRAGMENT) {
            // Fragment header: offset in bits 3..15 of bytes 2-3; only the first fragment may be answered.
            return len >= Ipv6Header.HEADER_LENGTH + 8 && (Bytes.getShortBE(pkt, payload + 2) & 0xfff8) == 0;
        }
        return true;
    }

    public int sentCount() {
        return sent;
    }

    public int suppressedCount() {
        return suppressed;
    }

    public int rateLimitedCount() {
        return rateLimited;
    }

    public int queueFullCount() {
        return queueFull;
    }

    public void resetCounters() {
        sent = 0;
        suppressed = 0;
        rateLimited = 0;
        queueFull = 0;
    }
}

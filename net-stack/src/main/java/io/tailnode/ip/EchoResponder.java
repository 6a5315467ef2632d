package io.tailnode.ip;

import io.tailnode.ip.wire.IcmpEcho;
import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Answers ICMP echo (RFC 792, RFC 1122 §3.2.2.6) and ICMPv6 echo (RFC 4443 §4.1-4.2) addressed to the
 * device's tunnel addresses: the one thing the device's IP layer does before the userspace stack exists.
 * <p>
 * Input is one inner packet (decrypted from the tunnel; trailing WireGuard padding is ignored). The reply is
 * built in place ({@link #respond(byte[], int, int)}) or into a caller buffer: addresses swapped, TTL / hop
 * limit {@link #REPLY_TTL}, type 0 / 129, identification, DF and data kept, ICMP checksum recomputed (ICMPv6
 * with the pseudo-header), IPv4 header checksum recomputed. The reply has the request's IP length.
 * <p>
 * Everything is validated before anything is written: on any failure the method returns a negative
 * {@link IpReason}, increments {@link #dropCount(int)} for it, and neither buffer changes. Fragments are
 * dropped (FRAGMENT): the device does not reassemble, and a 1420-byte tunnel MTU means real pings arrive
 * whole; IPv4 options and IPv6 extension headers are dropped as UNSUPPORTED_HEADER. Packets longer than the
 * configured maximum are OVERSIZED. Allocation-free after construction; not thread-safe.
 */
public final class EchoResponder {
    /** TTL / hop limit of replies (Linux's default). */
    public static final int REPLY_TTL = 64;

    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private final IcmpEcho icmp = new IcmpEcho();
    private final byte[] addressV6 = new byte[Ipv6Header.ADDRESS_LENGTH];
    private final int[] drops = new int[IpReason.COUNT + 1];
    private final int maxPacketLength;
    private int addressV4;
    private boolean hasV4;
    private boolean hasV6;
    private int replies;

    /** {@code maxPacketLength}: the longest inner packet accepted (the tunnel MTU, e.g. 1420), 28..65535. */
    public EchoResponder(int maxPacketLength) {
        if (maxPacketLength < 28 || maxPacketLength > 65535) {
            throw new IllegalArgumentException("maxPacketLength");
        }
        this.maxPacketLength = maxPacketLength;
    }

    /** Sets the device's IPv4 tunnel address (4 bytes at {@code off}). */
    public void setAddressV4(byte[] a, int off) {
        addressV4 = Bytes.getIntBE(a, off);
        hasV4 = true;
    }

    /** Sets the device's IPv6 tunnel address (16 bytes at {@code off}). */
    public void setAddressV6(byte[] a, int off) {
        System.arraycopy(a, off, addressV6, 0, Ipv6Header.ADDRESS_LENGTH);
        hasV6 = true;
    }

    public void clearAddresses() {
        hasV4 = false;
        hasV6 = false;
    }

    /** Builds the reply over the request in {@code buf[off, off+len)}; returns its length or a negative reason. */
    @HotPath
    public int respond(byte[] buf, int off, int len) {
        return respond(buf, off, len, buf, off, len);
    }

    /**
     * Builds the reply to {@code in[inOff, inOff+inLen)} into {@code out[outOff, outOff+outCapacity)}
     * (the two may be the same region). Returns the reply length, or a negative {@link IpReason}
     * (BUFFER_TOO_SMALL if the reply does not fit); on failure nothing is written.
     */
    @HotPath
    public int respond(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outCapacity) {
        int n = validate(in, inOff, inLen);
        if (n >= 0 && (out == null || outOff < 0 || outCapacity < n || outOff > out.length - outCapacity)) {
            n = IpReason.BUFFER_TOO_SMALL;
        }
        if (n < 0) {
            drops[-n]++;
            return n;
        }
        if (in != out || inOff != outOff) {
            System.arraycopy(in, inOff, out, outOff, n);
        }
        if ((out[outOff] & 0xff) >>> 4 == 4) {
            buildV4(out, outOff, n);
        } else {
            buildV6(out, outOff, n);
        }
        replies++;
        return n;
    }

    /** Returns the request's IP length if it is an echo request we answer, else a negative reason. */
    @HotPath
    private int validate(byte[] in, int off, int len) {
        if (in == null || off < 0 || len < 1 || off > in.length - len) {
            return IpReason.TRUNCATED;
        }
        int version = (in[off] & 0xff) >>> 4;
        if (version == 4) {
            return validateV4(in, off, len);
        }
        if (version == 6) {
            return validateV6(in, off, len);
        }
        return IpReason.BAD_VERSION;
    }

    @HotPath
    private int validateV4(byte[] in, int off, int len) {
        int r = v4.wrap(in, off, len).check();
        if (r != IpReason.OK) {
            return r;
        }
        int total = v4.totalLength();
        if (total > maxPacketLength) {
            return IpReason.OVERSIZED;
        }
        if (!hasV4 || v4.destination() != addressV4) {
            return IpReason.NOT_FOR_US;
        }
        if (v4.isFragment()) {
            return IpReason.FRAGMENT;
        }
        if (v4.headerLength() != Ipv4Header.MIN_HEADER_LENGTH) {
            return IpReason.UNSUPPORTED_HEADER;
        }
        if (v4.protocol() != Ipv4Header.PROTOCOL_ICMP) {
            return IpReason.NOT_ICMP;
        }
        int src = v4.source();
        int first = src >>> 24;
        // 0/8 (this network), 127/8 (loopback), 224/4 multicast and 240/4 incl. broadcast: never reply to them.
        if (first == 0 || first == 127 || first >= 224) {
            return IpReason.BAD_SOURCE;
        }
        if (icmp.wrap(in, v4.payloadOffset(), v4.payloadLength()).check() != IpReason.OK) {
            return IpReason.TRUNCATED;
        }
        if (icmp.type() != IcmpEcho.TYPE_V4_ECHO_REQUEST || icmp.code() != 0) {
            return IpReason.NOT_ECHO_REQUEST;
        }
        return icmp.verifyV4() ? total : IpReason.BAD_ICMP_CHECKSUM;
    }

    @HotPath
    private int validateV6(byte[] in, int off, int len) {
        int r = v6.wrap(in, off, len).check();
        if (r != IpReason.OK) {
            return r;
        }
        int total = v6.packetLength();
        if (total > maxPacketLength) {
            return IpReason.OVERSIZED;
        }
        if (!hasV6 || !sameAddress(in, v6.destinationOffset(), addressV6)) {
            return IpReason.NOT_FOR_US;
        }
        int next = v6.nextHeader();
        if (next == Ipv6Header.NEXT_HEADER_FRAGMENT) {
            return IpReason.FRAGMENT;
        }
        if (next == Ipv6Header.NEXT_HEADER_HOP_BY_HOP || next == Ipv6Header.NEXT_HEADER_ROUTING
                || next == Ipv6Header.NEXT_HEADER_DESTINATION_OPTIONS) {
            return IpReason.UNSUPPORTED_HEADER;
        }
        if (next != Ipv6Header.NEXT_HEADER_ICMPV6) {
            return IpReason.NOT_ICMP;
        }
        if (badSourceV6(in, v6.sourceOffset())) {
            return IpReason.BAD_SOURCE;
        }
        if (icmp.wrap(in, v6.payloadOffset(), v6.payloadLength()).check() != IpReason.OK) {
            return IpReason.TRUNCATED;
        }
        if (icmp.type() != IcmpEcho.TYPE_V6_ECHO_REQUEST || icmp.code() != 0) {
            return IpReason.NOT_ECHO_REQUEST;
        }
        long pseudo = InetChecksum.ipv6PseudoHeader(in, v6.sourceOffset(), v6.destinationOffset(),
                v6.payloadLength(), Ipv6Header.NEXT_HEADER_ICMPV6);
        return icmp.verifyV6(pseudo) ? total : IpReason.BAD_ICMP_CHECKSUM;
    }

    /** Unspecified (::), loopback (::1) or multicast (ff00::/8): RFC 4443 §4.2 replies go to unicast only. */
    private static boolean badSourceV6(byte[] b, int off) {
        if ((b[off] & 0xff) == 0xff) {
            return true;
        }
        int acc = 0;
        for (int i = 0; i < 15; i++) {
            acc |= b[off + i];
        }
        return acc == 0 && (b[off + 15] == 0 || b[off + 15] == 1);
    }

    private static boolean sameAddress(byte[] b, int off, byte[] a) {
        for (int i = 0; i < Ipv6Header.ADDRESS_LENGTH; i++) {
            if (b[off + i] != a[i]) {
                return false;
            }
        }
        return true;
    }

    @HotPath
    private void buildV4(byte[] out, int off, int n) {
        v4.wrap(out, off, n);
        int src = v4.source();
        v4.setSource(v4.destination());
        v4.setDestination(src);
        v4.setTtl(REPLY_TTL);
        v4.fillChecksum();
        icmp.wrap(out, v4.payloadOffset(), v4.payloadLength());
        icmp.setType(IcmpEcho.TYPE_V4_ECHO_REPLY);
        icmp.fillChecksum(0);
    }

    @HotPath
    private void buildV6(byte[] out, int off, int n) {
        v6.wrap(out, off, n);
        v6.swapAddresses();
        v6.setHopLimit(REPLY_TTL);
        icmp.wrap(out, v6.payloadOffset(), v6.payloadLength());
        icmp.setType(IcmpEcho.TYPE_V6_ECHO_REPLY);
        icmp.fillChecksum(InetChecksum.ipv6PseudoHeader(out, v6.sourceOffset(), v6.destinationOffset(),
                v6.payloadLength(), Ipv6Header.NEXT_HEADER_ICMPV6));
    }

    /** Packets dropped for {@code reason} (a negative {@link IpReason}) since construction or reset. */
    public int dropCount(int reason) {
        return reason < 0 && -reason <= IpReason.COUNT ? drops[-reason] : 0;
    }

    /** Replies built since construction or reset. */
    public int replyCount() {
        return replies;
    }

    public void resetCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = 0;
        }
        replies = 0;
    }
}

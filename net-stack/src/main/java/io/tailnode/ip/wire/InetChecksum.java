package io.tailnode.ip.wire;

import io.tailnode.lang.HotPath;

/**
 * The Internet checksum (RFC 1071): one's complement sum of 16-bit big-endian words, an odd last byte padded
 * with zero. Sums are carried in a {@code long} and folded at the end, so any length up to 2^31 is exact.
 * A region that includes a correct checksum field sums (folded) to 0xFFFF, i.e. {@link #finish} gives 0.
 */
public final class InetChecksum {
    private InetChecksum() {
    }

    /** Adds the bytes {@code [off, off+len)} to {@code sum} (start with 0). */
    @HotPath
    public static long add(long sum, byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        while (p + 1 < end) {
            sum += ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            p += 2;
        }
        if (p < end) {
            sum += (b[p] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds the carries and complements: the value to store in a checksum field (0 means "verifies"). */
    @HotPath
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** RFC 1071 checksum of one region. */
    @HotPath
    public static int of(byte[] b, int off, int len) {
        return finish(add(0, b, off, len));
    }

    /**
     * Sum of the IPv4 pseudo-header (RFC 768, RFC 793 §3.1): source and destination (4 bytes each at the given
     * offsets), zero, protocol and upper-layer length; add the upper-layer message to it, then {@link #finish}.
     */
    @HotPath
    public static long ipv4PseudoHeader(byte[] b, int srcOff, int dstOff, int upperLength, int protocol) {
        long sum = add(0, b, srcOff, 4);
        sum = add(sum, b, dstOff, 4);
        return sum + protocol + (upperLength & 0xffff);
    }

    /**
     * Sum of the IPv6 pseudo-header (RFC 8200 §8.1): source and destination (16 bytes each at the given
     * offsets), upper-layer length and next header; add the upper-layer message to it, then {@link #finish}.
     */
    @HotPath
    public static long ipv6PseudoHeader(byte[] b, int srcOff, int dstOff, int upperLength, int nextHeader) {
        long sum = add(0, b, srcOff, 16);
        sum = add(sum, b, dstOff, 16);
        sum += (upperLength >>> 16) + (upperLength & 0xffff);
        return sum + nextHeader;
    }
}

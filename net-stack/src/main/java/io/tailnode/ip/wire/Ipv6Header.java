package io.tailnode.ip.wire;

import io.tailnode.ip.IpReason;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * View over the IPv6 fixed header (RFC 8200 §3) in a caller buffer:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * |                   Source Address (16 bytes)                   |
 * |                Destination Address (16 bytes)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #check()} validates lengths and version once; getters assume it passed. Addresses stay in the
 * buffer ({@link #sourceOffset()}). Jumbograms (payload length 0 with a hop-by-hop option) are not
 * supported: with payload length 0 the packet is the bare header. Not thread-safe.
 */
public final class Ipv6Header {
    public static final int HEADER_LENGTH = 40;
    public static final int ADDRESS_LENGTH = 16;
    public static final int NEXT_HEADER_HOP_BY_HOP = 0;
    public static final int NEXT_HEADER_ROUTING = 43;
    public static final int NEXT_HEADER_FRAGMENT = 44;
    public static final int NEXT_HEADER_ICMPV6 = 58;
    public static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;

    private static final int PAYLOAD_LENGTH_OFFSET = 4;
    private static final int NEXT_HEADER_OFFSET = 6;
    private static final int HOP_LIMIT_OFFSET = 7;
    public static final int SOURCE_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 24;

    private byte[] buf;
    private int off;
    private int len;

    @HotPath
    public Ipv6Header wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** 0, or TRUNCATED, BAD_VERSION. */
    @HotPath
    public int check() {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return IpReason.TRUNCATED;
        }
        if (version() != 6) {
            return IpReason.BAD_VERSION;
        }
        return packetLength() > len ? IpReason.TRUNCATED : IpReason.OK;
    }

    public int version() {
        return (buf[off] & 0xff) >>> 4;
    }

    public int payloadLength() {
        return Bytes.getShortBE(buf, off + PAYLOAD_LENGTH_OFFSET) & 0xffff;
    }

    /** Header plus payload length: the packet's real end (WireGuard padding excluded). */
    public int packetLength() {
        return HEADER_LENGTH + payloadLength();
    }

    public int nextHeader() {
        return buf[off + NEXT_HEADER_OFFSET] & 0xff;
    }

    public int hopLimit() {
        return buf[off + HOP_LIMIT_OFFSET] & 0xff;
    }

    public void setHopLimit(int v) {
        buf[off + HOP_LIMIT_OFFSET] = (byte) v;
    }

    /** Absolute offset of the source address in the buffer. */
    public int sourceOffset() {
        return off + SOURCE_OFFSET;
    }

    public int destinationOffset() {
        return off + DESTINATION_OFFSET;
    }

    public int payloadOffset() {
        return off + HEADER_LENGTH;
    }

    /** Swaps source and destination in place (for a reply). */
    @HotPath
    public void swapAddresses() {
        int s = off + SOURCE_OFFSET;
        int d = off + DESTINATION_OFFSET;
        for (int i = 0; i < ADDRESS_LENGTH; i++) {
            byte t = buf[s + i];
            buf[s + i] = buf[d + i];
            buf[d + i] = t;
        }
    }
}

package io.tailnode.ip.wire;

import io.tailnode.ip.IpReason;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * View over an IPv4 header (RFC 791 §3.1) in a caller buffer:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options (IHL > 5)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #check()} validates untrusted input once (lengths, version, header checksum); getters assume it
 * passed. Bytes after Total Length (WireGuard's padding) are not part of the packet. Addresses are u32 as
 * {@code int}. Not thread-safe.
 */
public final class Ipv4Header {
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private static final int VERSION_IHL_OFFSET = 0;
    private static final int TOTAL_LENGTH_OFFSET = 2;
    private static final int IDENTIFICATION_OFFSET = 4;
    private static final int FLAGS_FRAGMENT_OFFSET = 6;
    private static final int TTL_OFFSET = 8;
    private static final int PROTOCOL_OFFSET = 9;
    private static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;

    private byte[] buf;
    private int off;
    private int len;

    /** Points this view at {@code buf[off, off+len)}; no validation. */
    @HotPath
    public Ipv4Header wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** 0, or TRUNCATED, BAD_VERSION, BAD_HEADER_LENGTH, BAD_TOTAL_LENGTH, BAD_HEADER_CHECKSUM. */
    @HotPath
    public int check() {
        int r = checkLengths();
        if (r != IpReason.OK) {
            return r;
        }
        return InetChecksum.of(buf, off, headerLength()) == 0 ? IpReason.OK : IpReason.BAD_HEADER_CHECKSUM;
    }

    /** {@link #check()} without the checksum (for classification, where the receiving stack verifies it). */
    @HotPath
    public int checkLengths() {
        if (buf == null || off < 0 || len < MIN_HEADER_LENGTH || off > buf.length - len) {
            return IpReason.TRUNCATED;
        }
        if (version() != 4) {
            return IpReason.BAD_VERSION;
        }
        int ihl = headerLength();
        if (ihl < MIN_HEADER_LENGTH) {
            return IpReason.BAD_HEADER_LENGTH;
        }
        if (ihl > len) {
            return IpReason.TRUNCATED;
        }
        int total = totalLength();
        if (total < ihl) {
            return IpReason.BAD_TOTAL_LENGTH;
        }
        return total > len ? IpReason.TRUNCATED : IpReason.OK;
    }

    public int version() {
        return (buf[off + VERSION_IHL_OFFSET] & 0xff) >>> 4;
    }

    /** IHL in bytes (20-60). */
    public int headerLength() {
        return (buf[off + VERSION_IHL_OFFSET] & 0x0f) * 4;
    }

    public int totalLength() {
        return Bytes.getShortBE(buf, off + TOTAL_LENGTH_OFFSET) & 0xffff;
    }

    public void setTotalLength(int v) {
        Bytes.putShortBE(buf, off + TOTAL_LENGTH_OFFSET, v);
    }

    public int identification() {
        return Bytes.getShortBE(buf, off + IDENTIFICATION_OFFSET) & 0xffff;
    }

    /** The 3 flag bits in place ({@link #FLAG_DF}, {@link #FLAG_MF}). */
    public int flags() {
        return Bytes.getShortBE(buf, off + FLAGS_FRAGMENT_OFFSET) & 0xe000;
    }

    public boolean dontFragment() {
        return (flags() & FLAG_DF) != 0;
    }

    /** Fragment offset in 8-byte units. */
    public int fragmentOffset() {
        return Bytes.getShortBE(buf, off + FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK;
    }

    /** True for any fragment: more fragments follow, or this is not the first. */
    public boolean isFragment() {
        return (flags() & FLAG_MF) != 0 || fragmentOffset() != 0;
    }

    public int ttl() {
        return buf[off + TTL_OFFSET] & 0xff;
    }

    public void setTtl(int v) {
        buf[off + TTL_OFFSET] = (byte) v;
    }

    public int protocol() {
        return buf[off + PROTOCOL_OFFSET] & 0xff;
    }

    public int headerChecksum() {
        return Bytes.getShortBE(buf, off + CHECKSUM_OFFSET) & 0xffff;
    }

    /** Recomputes and stores the header checksum. */
    @HotPath
    public void fillChecksum() {
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, 0);
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, InetChecksum.of(buf, off, headerLength()));
    }

    public int source() {
        return Bytes.getIntBE(buf, off + SOURCE_OFFSET);
    }

    public void setSource(int a) {
        Bytes.putIntBE(buf, off + SOURCE_OFFSET, a);
    }

    public int destination() {
        return Bytes.getIntBE(buf, off + DESTINATION_OFFSET);
    }

    public void setDestination(int a) {
        Bytes.putIntBE(buf, off + DESTINATION_OFFSET, a);
    }

    /** Absolute offset of the payload in the buffer. */
    public int payloadOffset() {
        return off + headerLength();
    }

    public int payloadLength() {
        return totalLength() - headerLength();
    }
}

package io.tailnode.ip.wire;

import io.tailnode.ip.IpReason;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * View over a UDP datagram (RFC 768) in a caller buffer:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |            Length             |           Checksum            |
 * |     Data ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The view covers the IP payload; {@link #check()} validates the Length field against it once. The
 * checksum covers a pseudo-header ({@link InetChecksum#ipv4PseudoHeader} / {@link InetChecksum#ipv6PseudoHeader})
 * plus the datagram; a transmitted checksum of zero means "none" over IPv4 and is forbidden over IPv6
 * (RFC 8200 §8.1), so a computed zero is sent as 0xFFFF. Not thread-safe.
 */
public final class UdpHeader {
    public static final int HEADER_LENGTH = 8;
    public static final int PROTOCOL = 17;

    private static final int SOURCE_PORT_OFFSET = 0;
    private static final int DESTINATION_PORT_OFFSET = 2;
    private static final int LENGTH_OFFSET = 4;
    private static final int CHECKSUM_OFFSET = 6;

    private byte[] buf;
    private int off;
    private int len;

    /** Points this view at {@code buf[off, off+len)} (the IP payload); no validation. */
    @HotPath
    public UdpHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** 0, TRUNCATED (under 8 bytes of payload), or BAD_UDP_LENGTH (Length below 8 or beyond the payload). */
    @HotPath
    public int check() {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return IpReason.TRUNCATED;
        }
        int l = length();
        return l < HEADER_LENGTH || l > len ? IpReason.BAD_UDP_LENGTH : IpReason.OK;
    }

    public int sourcePort() {
        return Bytes.getShortBE(buf, off + SOURCE_PORT_OFFSET) & 0xffff;
    }

    public void setSourcePort(int v) {
        Bytes.putShortBE(buf, off + SOURCE_PORT_OFFSET, v);
    }

    public int destinationPort() {
        return Bytes.getShortBE(buf, off + DESTINATION_PORT_OFFSET) & 0xffff;
    }

    public void setDestinationPort(int v) {
        Bytes.putShortBE(buf, off + DESTINATION_PORT_OFFSET, v);
    }

    /** The Length field: header plus data. */
    public int length() {
        return Bytes.getShortBE(buf, off + LENGTH_OFFSET) & 0xffff;
    }

    public void setLength(int v) {
        Bytes.putShortBE(buf, off + LENGTH_OFFSET, v);
    }

    public int checksum() {
        return Bytes.getShortBE(buf, off + CHECKSUM_OFFSET) & 0xffff;
    }

    public int payloadOffset() {
        return off + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length() - HEADER_LENGTH;
    }

    /** True if the checksum over {@code pseudo} plus {@link #length()} bytes verifies (caller handles zero). */
    @HotPath
    public boolean verify(long pseudo) {
        return InetChecksum.finish(InetChecksum.add(pseudo, buf, off, length())) == 0;
    }

    /** Computes and stores the checksum over {@code pseudo} and {@link #length()} bytes; zero goes out as 0xFFFF. */
    @HotPath
    public void fillChecksum(long pseudo) {
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, 0);
        int c = InetChecksum.finish(InetChecksum.add(pseudo, buf, off, length()));
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, c == 0 ? 0xffff : c);
    }
}

package io.tailnode.ip.wire;

import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * View over a TCP segment (RFC 9293 §3.1; options RFC 9293 §3.2, RFC 7323 §2) in a caller buffer:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options (data offset > 5)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The view covers exactly the segment ({@code len} = IP payload length, so the checksum covers it all).
 * {@link #check()} validates untrusted input once: lengths, data offset, flags and the option list; it records
 * the MSS (kind 2) and window-scale (kind 3) options. Other options (SACK-permitted, SACK, timestamps, unknown
 * kinds) are skipped by their length. The urgent pointer is ignored (RFC 6093: URG data is delivered inline).
 * The checksum is verified separately ({@link #checksumOk}) because it needs the IP pseudo-header. Getters
 * assume a passed check. Sequence and acknowledgment numbers are u32 carried in {@code int}: compare them
 * with {@code (a - b) < 0}. Not thread-safe.
 */
public final class TcpHeader {
    public static final int HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    public static final int OPTION_MSS = 2;
    public static final int OPTION_WINDOW_SCALE = 3;
    /** Length of the MSS option as {@link #writeMssOption} writes it. */
    public static final int MSS_OPTION_LENGTH = 4;

    private static final int SOURCE_PORT_OFFSET = 0;
    private static final int DESTINATION_PORT_OFFSET = 2;
    private static final int SEQUENCE_OFFSET = 4;
    private static final int ACKNOWLEDGMENT_OFFSET = 8;
    private static final int DATA_OFFSET_OFFSET = 12;
    private static final int FLAGS_OFFSET = 13;
    private static final int WINDOW_OFFSET = 14;
    private static final int CHECKSUM_OFFSET = 16;
    private static final int URGENT_OFFSET = 18;

    private byte[] buf;
    private int off;
    private int len;
    private int mss;
    private int windowScale;

    /** Points this view at the segment {@code buf[off, off+len)}; no validation. */
    @HotPath
    public TcpHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        mss = 0;
        windowScale = -1;
        return this;
    }

    /** 0, or TRUNCATED, BAD_DATA_OFFSET, BAD_FLAGS, BAD_OPTION ({@link TcpReason}). */
    @HotPath
    public int check() {
        mss = 0;
        windowScale = -1;
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return TcpReason.TRUNCATED;
        }
        int hl = headerLength();
        if (hl < HEADER_LENGTH) {
            return TcpReason.BAD_DATA_OFFSET;
        }
        if (hl > len) {
            return TcpReason.TRUNCATED;
        }
        int f = flags();
        if ((f & (SYN | FIN)) == (SYN | FIN) || (f & (SYN | RST)) == (SYN | RST)
                || (f & (SYN | FIN | RST | ACK)) == 0) {
            return TcpReason.BAD_FLAGS;
        }
        return parseOptions(off + HEADER_LENGTH, off + hl);
    }

    @HotPath
    private int parseOptions(int p, int end) {
        while (p < end) {
            int kind = buf[p] & 0xff;
            if (kind == OPTION_END) {
                return TcpReason.OK;
            }
            if (kind == OPTION_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return TcpReason.BAD_OPTION;
            }
            int olen = buf[p + 1] & 0xff;
            if (olen < 2 || p + olen > end) {
                return TcpReason.BAD_OPTION;
            }
            if (kind == OPTION_MSS) {
                if (olen != 4) {
                    return TcpReason.BAD_OPTION;
                }
                mss = Bytes.getShortBE(buf, p + 2) & 0xffff;
            } else if (kind == OPTION_WINDOW_SCALE) {
                if (olen != 3) {
                    return TcpReason.BAD_OPTION;
                }
                // RFC 7323 §2.3: a shift above 14 is used as 14.
                windowScale = Math.min(buf[p + 2] & 0xff, 14);
            }
            p += olen;
        }
        return TcpReason.OK;
    }

    /**
     * Verifies the checksum over the pseudo-header (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6) whose
     * addresses ({@code addressLength} 4 or 16 bytes) are at {@code srcOff}/{@code dstOff} of {@code ip}.
     */
    @HotPath
    public boolean checksumOk(byte[] ip, int srcOff, int dstOff, int addressLength) {
        long sum = pseudoHeaderSum(ip, srcOff, dstOff, addressLength, len);
        return InetChecksum.finish(InetChecksum.add(sum, buf, off, len)) == 0;
    }

    /** Computes and stores the checksum (after every other field and the payload are written). */
    @HotPath
    public void fillChecksum(byte[] ip, int srcOff, int dstOff, int addressLength) {
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, 0);
        long sum = pseudoHeaderSum(ip, srcOff, dstOff, addressLength, len);
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, InetChecksum.finish(InetChecksum.add(sum, buf, off, len)));
    }

    @HotPath
    private static long pseudoHeaderSum(byte[] ip, int srcOff, int dstOff, int addressLength, int tcpLength) {
        if (addressLength == Ipv6Header.ADDRESS_LENGTH) {
            return InetChecksum.ipv6PseudoHeader(ip, srcOff, dstOff, tcpLength, 6);
        }
        long sum = InetChecksum.add(0, ip, srcOff, 4);
        sum = InetChecksum.add(sum, ip, dstOff, 4);
        return sum + 6 + tcpLength;
    }

    /** Writes an MSS option at {@code buf[p..p+4)}; returns its length. */
    @HotPath
    public static int writeMssOption(byte[] buf, int p, int mss) {
        buf[p] = (byte) OPTION_MSS;
        buf[p + 1] = (byte) 4;
        Bytes.putShortBE(buf, p + 2, mss);
        return MSS_OPTION_LENGTH;
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

    /** Sequence number, u32 in an int. */
    public int sequence() {
        return Bytes.getIntBE(buf, off + SEQUENCE_OFFSET);
    }

    public void setSequence(int v) {
        Bytes.putIntBE(buf, off + SEQUENCE_OFFSET, v);
    }

    /** Acknowledgment number, u32 in an int (meaningful only with ACK). */
    public int acknowledgment() {
        return Bytes.getIntBE(buf, off + ACKNOWLEDGMENT_OFFSET);
    }

    public void setAcknowledgment(int v) {
        Bytes.putIntBE(buf, off + ACKNOWLEDGMENT_OFFSET, v);
    }

    /** Data offset in bytes (20-60). */
    public int headerLength() {
        return ((buf[off + DATA_OFFSET_OFFSET] & 0xff) >>> 4) * 4;
    }

    /** Sets the data offset from a byte length (multiple of 4); clears the reserved bits. */
    public void setHeaderLength(int bytes) {
        buf[off + DATA_OFFSET_OFFSET] = (byte) ((bytes / 4) << 4);
    }

    /** The 8 flag bits (CWR..FIN); test with {@link #SYN} etc. */
    public int flags() {
        return buf[off + FLAGS_OFFSET] & 0xff;
    }

    public void setFlags(int v) {
        buf[off + FLAGS_OFFSET] = (byte) v;
    }

    public boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    /** Unscaled window field. */
    public int window() {
        return Bytes.getShortBE(buf, off + WINDOW_OFFSET) & 0xffff;
    }

    public void setWindow(int v) {
        Bytes.putShortBE(buf, off + WINDOW_OFFSET, v);
    }

    public int checksum() {
        return Bytes.getShortBE(buf, off + CHECKSUM_OFFSET) & 0xffff;
    }

    public int urgentPointer() {
        return Bytes.getShortBE(buf, off + URGENT_OFFSET) & 0xffff;
    }

    public void setUrgentPointer(int v) {
        Bytes.putShortBE(buf, off + URGENT_OFFSET, v);
    }

    /** MSS option value from the last {@link #check()}, or 0 if absent. */
    public int mssOption() {
        return mss;
    }

    /** Window-scale shift from the last {@link #check()} (clamped to 14), or -1 if absent. */
    public int windowScaleOption() {
        return windowScale;
    }

    public int payloadOffset() {
        return off + headerLength();
    }

    public int payloadLength() {
        return len - headerLength();
    }

    /** Sequence space the segment occupies: payload plus one each for SYN and FIN. */
    public int sequenceLength() {
        int f = flags();
        return payloadLength() + ((f & SYN) != 0 ? 1 : 0) + ((f & FIN) != 0 ? 1 : 0);
    }

    public int length() {
        return len;
    }

    /** The buffer this view reads (payload bytes are at {@link #payloadOffset()}). */
    public byte[] bufferForPayload() {
        return buf;
    }
}

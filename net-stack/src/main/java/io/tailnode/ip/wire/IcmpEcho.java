package io.tailnode.ip.wire;

import io.tailnode.ip.IpReason;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * View over an ICMP (RFC 792) or ICMPv6 (RFC 4443 §4) echo message; both share the layout:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |           Identifier          |        Sequence Number        |
 * |     Data ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * </pre>
 * The view covers the whole ICMP message ({@code len} = header + data), since the checksum covers it all.
 * ICMPv4's checksum is over the message alone; ICMPv6's adds the IPv6 pseudo-header. Not thread-safe.
 */
public final class IcmpEcho {
    public static final int HEADER_LENGTH = 8;
    public static final int TYPE_V4_ECHO_REPLY = 0;
    public static final int TYPE_V4_ECHO_REQUEST = 8;
    public static final int TYPE_V6_ECHO_REQUEST = 128;
    public static final int TYPE_V6_ECHO_REPLY = 129;

    private static final int TYPE_OFFSET = 0;
    private static final int CODE_OFFSET = 1;
    private static final int CHECKSUM_OFFSET = 2;
    private static final int IDENTIFIER_OFFSET = 4;
    private static final int SEQUENCE_OFFSET = 6;

    private byte[] buf;
    private int off;
    private int len;

    @HotPath
    public IcmpEcho wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** 0 or TRUNCATED (shorter than the 8-byte echo header). */
    @HotPath
    public int check() {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return IpReason.TRUNCATED;
        }
        return IpReason.OK;
    }

    public int type() {
        return buf[off + TYPE_OFFSET] & 0xff;
    }

    public void setType(int v) {
        buf[off + TYPE_OFFSET] = (byte) v;
    }

    public int code() {
        return buf[off + CODE_OFFSET] & 0xff;
    }

    public int checksum() {
        return Bytes.getShortBE(buf, off + CHECKSUM_OFFSET) & 0xffff;
    }

    public int identifier() {
        return Bytes.getShortBE(buf, off + IDENTIFIER_OFFSET) & 0xffff;
    }

    public int sequence() {
        return Bytes.getShortBE(buf, off + SEQUENCE_OFFSET) & 0xffff;
    }

    public int length() {
        return len;
    }

    /** True if the ICMPv4 checksum over the message verifies. */
    @HotPath
    public boolean verifyV4() {
        return InetChecksum.of(buf, off, len) == 0;
    }

    /** True if the ICMPv6 checksum verifies; {@code pseudo} from {@link InetChecksum#ipv6PseudoHeader}. */
    @HotPath
    public boolean verifyV6(long pseudo) {
        return InetChecksum.finish(InetChecksum.add(pseudo, buf, off, len)) == 0;
    }

    /** Computes and stores the checksum: {@code pseudo} 0 for ICMPv4, the pseudo-header sum for ICMPv6. */
    @HotPath
    public void fillChecksum(long pseudo) {
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, 0);
        Bytes.putShortBE(buf, off + CHECKSUM_OFFSET, InetChecksum.finish(InetChecksum.add(pseudo, buf, off, len)));
    }
}

package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.lang.HotPath;

/**
 * Classifies an inner packet (plaintext from the tunnel, or an outbound packet for it) for cryptokey routing:
 * IP version, source, destination, protocol and the packet's real length. WireGuard pads plaintext to 16
 * bytes, so the packet ends at its IP length, not at the decrypted length; a packet whose IP length exceeds
 * what was received is TRUNCATED (wireguard-go receive.go drops those too).
 * <p>
 * Only lengths and version are checked, not the IPv4 header checksum: the packet is routed, not consumed
 * (the receiving stack verifies it). Addresses stay in the caller's buffer at {@link #sourceOffset()} /
 * {@link #destinationOffset()}, {@link #addressLength()} bytes (4 or 16), network byte order, valid until the
 * buffer is reused. Reusable, allocation-free, not thread-safe.
 */
public final class InnerPacket {
    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();
    private byte[] buf;
    private int version;
    private int packetLength;
    private int sourceOffset;
    private int destinationOffset;
    private int protocol;

    /**
     * Parses {@code buf[off, off+len)}. Returns 4 or 6, or a negative {@link IpReason} (TRUNCATED,
     * BAD_VERSION, BAD_HEADER_LENGTH, BAD_TOTAL_LENGTH), after which the getters are meaningless.
     */
    @HotPath
    public int parse(byte[] buf, int off, int len) {
        this.buf = buf;
        version = 0;
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return IpReason.TRUNCATED;
        }
        int v = (buf[off] & 0xff) >>> 4;
        if (v == 4) {
            int r = v4.wrap(buf, off, len).checkLengths();
            if (r != IpReason.OK) {
                return r;
            }
            packetLength = v4.totalLength();
            sourceOffset = off + Ipv4Header.SOURCE_OFFSET;
            destinationOffset = off + Ipv4Header.DESTINATION_OFFSET;
            protocol = v4.protocol();
        } else if (v == 6) {
            int r = v6.wrap(buf, off, len).check();
            if (r != IpReason.OK) {
                return r;
            }
            packetLength = v6.packetLength();
            sourceOffset = v6.sourceOffset();
            destinationOffset = v6.destinationOffset();
            protocol = v6.nextHeader();
        } else {
            return IpReason.BAD_VERSION;
        }
        version = v;
        return v;
    }

    /** 4 or 6 after a successful {@link #parse}, else 0. */
    public int version() {
        return version;
    }

    /** 4 or 16. */
    public int addressLength() {
        return version == 6 ? Ipv6Header.ADDRESS_LENGTH : 4;
    }

    /** The packet's length per its IP header (padding excluded). */
    public int packetLength() {
        return packetLength;
    }

    /** Absolute offset of the source address in the parsed buffer. */
    public int sourceOffset() {
        return sourceOffset;
    }

    public int destinationOffset() {
        return destinationOffset;
    }

    /** IPv4 protocol or IPv6 next header (the first one; extension headers are not walked). */
    public int protocol() {
        return protocol;
    }

    /** IPv4 source as u32 (IPv4 only). */
    public int sourceV4() {
        return io.tailnode.lang.Bytes.getIntBE(buf, sourceOffset);
    }

    /** IPv4 destination as u32 (IPv4 only). */
    public int destinationV4() {
        return io.tailnode.lang.Bytes.getIntBE(buf, destinationOffset);
    }

    /** Copies the source address ({@link #addressLength()} bytes) to {@code dst[dstOff...]}. */
    @HotPath
    public void copySource(byte[] dst, int dstOff) {
        System.arraycopy(buf, sourceOffset, dst, dstOff, addressLength());
    }

    @HotPath
    public void copyDestination(byte[] dst, int dstOff) {
        System.arraycopy(buf, destinationOffset, dst, dstOff, addressLength());
    }
}

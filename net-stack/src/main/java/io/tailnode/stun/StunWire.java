package io.tailnode.stun;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * STUN message layout (RFC 5389 §6, §15): 20-byte header = type[2] | length[2] (attributes only, a multiple of 4)
 * | magic cookie 0x2112A442 | transaction ID[12]; attributes = type[2] | length[2] | value padded to 4 bytes.
 */
public final class StunWire {
    public static final int HEADER = 20;
    public static final int TXID = 12;
    public static final int MAGIC_COOKIE = 0x2112A442;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** Pre-RFC 5389 servers' code point for XOR-MAPPED-ADDRESS (tailscale-protocol.md §4.5). */
    public static final int ATTR_XOR_MAPPED_ADDRESS_ALT = 0x8020;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    /** FINGERPRINT = CRC-32 of the message before it, XOR this ("STUN"). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    private StunWire() {
    }

    /**
     * Cheap demultiplexing test for the UDP socket shared with WireGuard and disco (tailscale-protocol.md §4.1):
     * at least a header, top two bits zero, byte 1 is 0x01 (a binding class), the magic cookie.
     */
    @HotPath
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        return len >= HEADER && (b[off] & 0xC0) == 0 && b[off + 1] == 0x01
                && Bytes.getIntBE(b, off + 4) == MAGIC_COOKIE;
    }
}

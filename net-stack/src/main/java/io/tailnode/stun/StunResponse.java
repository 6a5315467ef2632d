package io.tailnode.stun;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Parser for the answer to a {@link StunRequest} (RFC 5389 §7.3.3, §15; tailscale-protocol.md §4.5). Checks, in
 * order: header (top bits zero, cookie, length a multiple of 4 and equal to the datagram's rest), message type
 * (binding success or error), our transaction ID, every attribute inside the message (padded to 4), FINGERPRINT if
 * present (must be last, CRC-32 ^ 0x5354554E); then takes XOR-MAPPED-ADDRESS (0x0020), else its pre-RFC code
 * point 0x8020, else MAPPED-ADDRESS. Unknown attributes are skipped (Tailscale's server adds none we need).
 * <p>
 * On success the mapped endpoint is kept here ({@link #family}, {@link #address}, {@link #port}); a refused
 * message changes nothing. Reusable; no allocation after construction.
 */
public final class StunResponse {
    private final byte[] address = new byte[16];
    private int family;
    private int port;

    /**
     * Parses msg[off..+len) as the response to the request with transaction ID txId[txOff..+12). Returns OK or a
     * {@link StunReason}.
     */
    @HotPath
    public int parse(byte[] b, int off, int len, byte[] txId, int txOff) {
        if (len < StunWire.HEADER) {
            return StunReason.TRUNCATED;
        }
        if ((b[off] & 0xC0) != 0 || Bytes.getIntBE(b, off + 4) != StunWire.MAGIC_COOKIE) {
            return StunReason.MALFORMED;
        }
        int msgLen = Bytes.getShortBE(b, off + 2);
        if ((msgLen & 3) != 0) {
            return StunReason.MALFORMED;
        }
        if (StunWire.HEADER + msgLen > len) {
            return StunReason.TRUNCATED;
        }
        if (StunWire.HEADER + msgLen < len) {
            return StunReason.MALFORMED;
        }
        int type = Bytes.getShortBE(b, off);
        if (type != StunWire.BINDING_SUCCESS && type != StunWire.BINDING_ERROR) {
            return StunReason.NOT_RESPONSE;
        }
        for (int i = 0; i < StunWire.TXID; i++) {
            if (b[off + 8 + i] != txId[txOff + i]) {
                return StunReason.TXID_MISMATCH;
            }
        }
        int end = off + len;
        int p = off + StunWire.HEADER;
        int xorAt = -1;
        int altAt = -1;
        int mappedAt = -1;
        boolean fingerprint = false;
        while (p < end) {
            if (fingerprint || end - p < 4) {
                return StunReason.MALFORMED;
            }
            int at = Bytes.getShortBE(b, p);
            int alen = Bytes.getShortBE(b, p + 2);
            int padded = (alen + 3) & ~3;
            if (padded > end - p - 4) {
                return StunReason.MALFORMED;
            }
            if (at == StunWire.ATTR_XOR_MAPPED_ADDRESS && xorAt < 0) {
                xorAt = p;
            } else if (at == StunWire.ATTR_XOR_MAPPED_ADDRESS_ALT && altAt < 0) {
                altAt = p;
            } else if (at == StunWire.ATTR_MAPPED_ADDRESS && mappedAt < 0) {
                mappedAt = p;
            } else if (at == StunWire.ATTR_FINGERPRINT) {
                if (alen != 4) {
                    return StunReason.MALFORMED;
                }
                if ((Crc32.of(b, off, p - off) ^ StunWire.FINGERPRINT_XOR) != Bytes.getIntBE(b, p + 4)) {
                    return StunReason.BAD_FINGERPRINT;
                }
                fingerprint = true;
            }
            p += 4 + padded;
        }
        if (type == StunWire.BINDING_ERROR) {
            return StunReason.ERROR_RESPONSE;
        }
        if (valid(b, xorAt)) {
            take(b, xorAt, off, true);
        } else if (valid(b, altAt)) {
            take(b, altAt, off, true);
        } else if (valid(b, mappedAt)) {
            take(b, mappedAt, off, false);
        } else {
            return StunReason.NO_ADDRESS;
        }
        return StunReason.OK;
    }

    /** An address attribute at {@code at}: 0x00 | family | port[2] | 4 or 16 address bytes, length exact. */
    @HotPath
    private static boolean valid(byte[] b, int at) {
        if (at < 0) {
            return false;
        }
        int alen = Bytes.getShortBE(b, at + 2);
        int fam = b[at + 5];
        return (fam == StunWire.FAMILY_IPV4 && alen == 8) || (fam == StunWire.FAMILY_IPV6 && alen == 20);
    }

    @HotPath
    private void take(byte[] b, int at, int msgOff, boolean xor) {
        int v = at + 4;
        boolean v6 = b[v + 1] == StunWire.FAMILY_IPV6;
        int n = v6 ? 16 : 4;
        int prt = Bytes.getShortBE(b, v + 2);
        for (int i = 0; i < n; i++) {
            // XOR key: the cookie, then (IPv6) the transaction ID, i.e. header bytes 4..19.
            address[i] = (byte) (xor ? b[v + 4 + i] ^ b[msgOff + 4 + i] : b[v + 4 + i]);
        }
        port = xor ? prt ^ (StunWire.MAGIC_COOKIE >>> 16) : prt;
        family = v6 ? 6 : 4;
    }

    /** 4 or 6 after a successful parse, 0 before. */
    public int family() {
        return family;
    }

    /** The mapped address (first 4 bytes for IPv4). */
    public byte[] address() {
        return address;
    }

    public int port() {
        return port;
    }

    /**
     * The endpoint in the WireGuard core's source-address form ({@code 0x04 | addr[4] | port[2]} or
     * {@code 0x06 | addr[16] | port[2]}); returns 7, 19, or 0 before any successful parse.
     */
    public int writeEndpoint(byte[] out, int off) {
        if (family == 0) {
            return 0;
        }
        int n = family == 6 ? 16 : 4;
        out[off] = (byte) family;
        System.arraycopy(address, 0, out, off + 1, n);
        Bytes.putShortBE(out, off + 1 + n, port);
        return 3 + n;
    }
}

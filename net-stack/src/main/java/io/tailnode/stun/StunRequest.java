package io.tailnode.stun;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Binding request as Tailscale's STUN server requires it (tailscale-protocol.md §4.5, §9 pitfall 11): header with
 * the caller's 12-byte transaction ID, SOFTWARE "tailnode", FINGERPRINT last. Always {@link #LENGTH} (40) bytes:
 * <pre>
 * 00 01 | 00 14 | 21 12 A4 42 | txid[12]
 * 80 22 | 00 08 | "tailnode"
 * 80 28 | 00 04 | CRC-32(bytes 0..31) ^ 0x5354554E
 * </pre>
 * The header length counts the FINGERPRINT attribute before the CRC is taken (RFC 5389 §15.5). Stateless.
 */
public final class StunRequest {
    public static final int LENGTH = 40;
    private static final byte[] SOFTWARE = {'t', 'a', 'i', 'l', 'n', 'o', 'd', 'e'};

    private StunRequest() {
    }

    /** Writes the request into out[off..+40); returns 40 or OUT_TOO_SMALL. */
    @HotPath
    public static int write(byte[] txId, int txOff, byte[] out, int off, int cap) {
        if (cap < LENGTH || off < 0 || off + LENGTH > out.length) {
            return StunReason.OUT_TOO_SMALL;
        }
        Bytes.putShortBE(out, off, StunWire.BINDING_REQUEST);
        Bytes.putShortBE(out, off + 2, LENGTH - StunWire.HEADER);
        Bytes.putIntBE(out, off + 4, StunWire.MAGIC_COOKIE);
        System.arraycopy(txId, txOff, out, off + 8, StunWire.TXID);
        Bytes.putShortBE(out, off + 20, StunWire.ATTR_SOFTWARE);
        Bytes.putShortBE(out, off + 22, SOFTWARE.length);
        System.arraycopy(SOFTWARE, 0, out, off + 24, SOFTWARE.length);
        Bytes.putShortBE(out, off + 32, StunWire.ATTR_FINGERPRINT);
        Bytes.putShortBE(out, off + 34, 4);
        Bytes.putIntBE(out, off + 36, Crc32.of(out, off, 32) ^ StunWire.FINGERPRINT_XOR);
        return LENGTH;
    }
}

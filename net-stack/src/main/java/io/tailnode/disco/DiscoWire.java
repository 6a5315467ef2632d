package io.tailnode.disco;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * disco layout (tailscale-protocol.md §4.1; Go disco/disco.go):
 * <pre>
 * packet    = magic "TS💬" [6] = 54 53 F0 9F 92 AC | sender disco pub [32] | nonce [24] | box (tag [16] | ciphertext)
 * plaintext = type [1] | version [1] = 0 | body
 * Ping        (1): TxID [12] | sender node key [32] (absent from very old senders) | zero padding (path-MTU probe)
 * Pong        (2): TxID [12] | observed source IP [16] (IPv4 as ::ffff:a.b.c.d) | port [2, BE]
 * CallMeMaybe (3): N × (IP [16] | port [2, BE]); sent only via DERP
 * </pre>
 * Writers for the plaintexts, on caller buffers; they return the length or {@link DiscoReason#OUT_TOO_SMALL}.
 * Endpoints here are 18 bytes: IPv6 or v4-mapped address, then the big-endian port.
 */
public final class DiscoWire {
    public static final int MAGIC_LENGTH = 6;
    public static final int KEY = 32;
    public static final int NONCE = 24;
    public static final int TAG = 16;
    /** Magic + sender key + nonce. */
    public static final int HEADER = MAGIC_LENGTH + KEY + NONCE;
    /** Everything a sealed packet adds to its plaintext. */
    public static final int OVERHEAD = HEADER + TAG;

    public static final int TYPE_PING = 0x01;
    public static final int TYPE_PONG = 0x02;
    public static final int TYPE_CALL_ME_MAYBE = 0x03;
    public static final int VERSION = 0;

    public static final int TXID = 12;
    public static final int ENDPOINT = 18;
    /** Ping plaintext with a node key, no padding (sealed: 124 bytes). */
    public static final int PING_LENGTH = 2 + TXID + KEY;
    /** Pong plaintext (sealed: 110 bytes). */
    public static final int PONG_LENGTH = 2 + TXID + ENDPOINT;

    private static final byte[] MAGIC = {0x54, 0x53, (byte) 0xF0, (byte) 0x9F, (byte) 0x92, (byte) 0xAC};

    private DiscoWire() {
    }

    /** True if b[off..+len) is long enough to be sealed disco and starts with the magic (UDP demultiplexing). */
    @HotPath
    public static boolean looksLikeDisco(byte[] b, int off, int len) {
        if (len < OVERHEAD + 2) {
            return false;
        }
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            if (b[off + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @HotPath
    static void writeMagic(byte[] out, int off) {
        System.arraycopy(MAGIC, 0, out, off, MAGIC_LENGTH);
    }

    /** Ping: txid, our node key, then {@code padding} zero bytes. */
    @HotPath
    public static int writePing(byte[] out, int off, int cap, byte[] txId, int txOff, byte[] nodeKey, int keyOff,
            int padding) {
        int n = PING_LENGTH + padding;
        if (padding < 0 || n > cap) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        out[off] = TYPE_PING;
        out[off + 1] = VERSION;
        System.arraycopy(txId, txOff, out, off + 2, TXID);
        System.arraycopy(nodeKey, keyOff, out, off + 2 + TXID, KEY);
        Bytes.wipe(out, off + PING_LENGTH, padding);
        return n;
    }

    /** Pong: the ping's txid and the source we saw it from (18-byte endpoint). */
    @HotPath
    public static int writePong(byte[] out, int off, int cap, byte[] txId, int txOff, byte[] src, int srcOff) {
        if (cap < PONG_LENGTH) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        out[off] = TYPE_PONG;
        out[off + 1] = VERSION;
        System.arraycopy(txId, txOff, out, off + 2, TXID);
        System.arraycopy(src, srcOff, out, off + 2 + TXID, ENDPOINT);
        return PONG_LENGTH;
    }

    /** CallMeMaybe with {@code count} endpoints of 18 bytes at eps[epOff..). */
    @HotPath
    public static int writeCallMeMaybe(byte[] out, int off, int cap, byte[] eps, int epOff, int count) {
        int n = 2 + count * ENDPOINT;
        if (count < 0 || n > cap) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        out[off] = TYPE_CALL_ME_MAYBE;
        out[off + 1] = VERSION;
        System.arraycopy(eps, epOff, out, off + 2, count * ENDPOINT);
        return n;
    }

    /**
     * 18-byte endpoint from the WireGuard core's source form ({@code 0x04 | a[4] | port[2]} or
     * {@code 0x06 | a[16] | port[2]}): IPv4 becomes ::ffff:a.b.c.d. Returns 18, or OUT_TOO_SMALL for another kind.
     */
    @HotPath
    public static int endpointFromSource(byte[] src, int srcOff, byte[] out, int off) {
        if (src[srcOff] == 4) {
            Bytes.wipe(out, off, 10);
            out[off + 10] = (byte) 0xFF;
            out[off + 11] = (byte) 0xFF;
            System.arraycopy(src, srcOff + 1, out, off + 12, 6);
            return ENDPOINT;
        }
        if (src[srcOff] == 6) {
            System.arraycopy(src, srcOff + 1, out, off, ENDPOINT);
            return ENDPOINT;
        }
        return DiscoReason.OUT_TOO_SMALL;
    }

    /** The reverse: 7 (IPv4, for a v4-mapped address) or 19 bytes of source form. */
    @HotPath
    public static int endpointToSource(byte[] ep, int epOff, byte[] out, int off) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= ep[epOff + i] == 0;
        }
        mapped &= ep[epOff + 10] == (byte) 0xFF && ep[epOff + 11] == (byte) 0xFF;
        if (mapped) {
            out[off] = 4;
            System.arraycopy(ep, epOff + 12, out, off + 1, 6);
            return 7;
        }
        out[off] = 6;
        System.arraycopy(ep, epOff, out, off + 1, ENDPOINT);
        return 19;
    }
}

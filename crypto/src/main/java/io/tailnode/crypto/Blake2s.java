package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * BLAKE2s (RFC 7693): the hash of WireGuard's Noise handshake (whitepaper §5.4), plain and keyed.
 * <p>
 * Why a new implementation: the usual Java ones allocate per block (e.g. a message-word array per
 * compression), which the device's no-allocation rule forbids. Here every buffer is an instance field
 * allocated in the constructor; the compression function keeps its 16-word working vector in locals and
 * reads the message words from a preallocated {@code int[16]}.
 * <p>
 * Usage: {@link #init(int)} (or the keyed {@link #init(int, byte[], int, int)}), any number of
 * {@link #update} calls (hashing {@code a || b} is just {@code update(a); update(b)}), then
 * {@link #doFinal}. {@code doFinal} leaves the instance re-initialised with the same output length and key,
 * ready for the next message (so a keyed instance can MAC many messages without re-keying); call
 * {@link #init} to change parameters and {@link #wipe()} to erase the retained key when done.
 * <p>
 * WireGuard's {@code mac1}/{@code mac2} are keyed BLAKE2s with a 16-byte output (RFC 7693 §2.5 keyed
 * mode, <em>not</em> HMAC): see {@link #mac}. HMAC-BLAKE2s for the KDF is {@link HmacBlake2s}.
 * <p>
 * Not thread-safe; one instance per thread.
 */
public final class Blake2s {
    /** Block size in bytes (RFC 7693 §2.1, bb). */
    public static final int BLOCK_LENGTH = 64;
    /** Largest digest length and largest key length in bytes (nn, kk). */
    public static final int MAX_OUT_LENGTH = 32;
    public static final int MAX_KEY_LENGTH = 32;

    // RFC 7693 §2.6: the SHA-256 initial values.
    private static final int IV0 = 0x6A09E667;
    private static final int IV1 = 0xBB67AE85;
    private static final int IV2 = 0x3C6EF372;
    private static final int IV3 = 0xA54FF53A;
    private static final int IV4 = 0x510E527F;
    private static final int IV5 = 0x9B05688C;
    private static final int IV6 = 0x1F83D9AB;
    private static final int IV7 = 0x5BE0CD19;

    /** RFC 7693 §2.7 message schedule SIGMA, ten rounds of sixteen indices, flattened. */
    private static final byte[] SIGMA = {
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
            11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
            7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
            9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
            2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
            12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
            13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
            6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
            10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    };

    /** Chained state h[0..7]. */
    private final int[] h = new int[8];
    /** Message words of the block being compressed (scratch, reused for every block). */
    private final int[] m = new int[16];
    /** Pending input: the last block is held back until we know whether it is the final one (§3.3). */
    private final byte[] buf = new byte[BLOCK_LENGTH];
    /** Copy of the key so doFinal can restart keyed hashing without a new init; wiped by wipe(). */
    private final byte[] key = new byte[MAX_KEY_LENGTH];
    private int keyLen;
    private int outLen;
    private int bufLen;
    /** Bytes compressed so far (t in RFC 7693); 64 bits as the RFC allows 2^64 bytes. */
    private long counter;

    /** Allocates all scratch; call {@link #init} before use. */
    public Blake2s() {
        outLen = MAX_OUT_LENGTH;
        reset();
    }

    /**
     * Starts an unkeyed hash with an {@code outLen}-byte digest (1..32; WireGuard uses 32).
     *
     * @throws IllegalArgumentException if {@code outLen} is out of range
     */
    public void init(int outLen) {
        init(outLen, null, 0, 0);
    }

    /**
     * Starts a keyed hash (RFC 7693 §2.5/§3.3: the key, zero-padded, is the first block). {@code keyLen} 0 is
     * the unkeyed hash. The key is copied, so the caller may reuse or wipe its array at once.
     *
     * @throws IllegalArgumentException if {@code outLen} is not 1..32 or {@code keyLen} not 0..32
     */
    public void init(int outLen, byte[] key, int keyOff, int keyLen) {
        if (outLen < 1 || outLen > MAX_OUT_LENGTH) {
            throw new IllegalArgumentException("bad BLAKE2s output length");
        }
        if (keyLen < 0 || keyLen > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("bad BLAKE2s key length");
        }
        this.outLen = outLen;
        Bytes.wipe(this.key, 0, MAX_KEY_LENGTH);
        if (keyLen > 0) {
            System.arraycopy(key, keyOff, this.key, 0, keyLen);
        }
        this.keyLen = keyLen;
        reset();
    }

    /**
     * Restarts hashing with the parameters (output length, key) of the last {@link #init}, discarding any
     * pending input. {@link #doFinal} calls it itself.
     */
    @HotPath
    public void reset() {
        // Parameter block word 0 (§2.8): digest length, key length, fanout 1, depth 1; the rest is zero.
        h[0] = IV0 ^ (0x01010000 | (keyLen << 8) | outLen);
        h[1] = IV1;
        h[2] = IV2;
        h[3] = IV3;
        h[4] = IV4;
        h[5] = IV5;
        h[6] = IV6;
        h[7] = IV7;
        counter = 0;
        Bytes.wipe(buf, 0, BLOCK_LENGTH);
        if (keyLen > 0) {
            System.arraycopy(key, 0, buf, 0, keyLen);
            bufLen = BLOCK_LENGTH;
        } else {
            bufLen = 0;
        }
    }

    /** The digest length chosen at {@link #init}. */
    public int getOutputLength() {
        return outLen;
    }

    /** Absorbs {@code in[off..off+len)}; {@code len} 0 is a no-op. */
    @HotPath
    public void update(byte[] in, int off, int len) {
        if (len <= 0) {
            return;
        }
        int fill = BLOCK_LENGTH - bufLen;
        if (len > fill) {
            // The buffered block is not the last one: more input follows it.
            System.arraycopy(in, off, buf, bufLen, fill);
            counter += BLOCK_LENGTH;
            compress(buf, 0, false);
            bufLen = 0;
            off += fill;
            len -= fill;
            // Compress straight from the caller's array, always keeping at least one byte back.
            while (len > BLOCK_LENGTH) {
                counter += BLOCK_LENGTH;
                compress(in, off, false);
                off += BLOCK_LENGTH;
                len -= BLOCK_LENGTH;
            }
        }
        System.arraycopy(in, off, buf, bufLen, len);
        bufLen += len;
    }

    /** Absorbs one byte. */
    @HotPath
    public void update(byte b) {
        if (bufLen == BLOCK_LENGTH) {
            counter += BLOCK_LENGTH;
            compress(buf, 0, false);
            bufLen = 0;
        }
        buf[bufLen++] = b;
    }

    /**
     * Writes the {@link #getOutputLength()}-byte digest to {@code out[off..)} and restarts with the same
     * parameters (see {@link #reset()}). {@code out} may alias input already passed to {@link #update}.
     *
     * @return the number of bytes written
     */
    @HotPath
    public int doFinal(byte[] out, int off) {
        counter += bufLen;
        for (int i = bufLen; i < BLOCK_LENGTH; i++) {
            buf[i] = 0;
        }
        compress(buf, 0, true);
        int n = outLen;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            Bytes.putIntLE(out, off + i, h[i >> 2]);
        }
        for (; i < n; i++) {
            out[off + i] = (byte) (h[i >> 2] >>> ((i & 3) << 3));
        }
        reset();
        return n;
    }

    /**
     * Keyed BLAKE2s in one call, as WireGuard's {@code mac1 = MAC(HASH(LABEL_MAC1 || Spub), msg)} and
     * {@code mac2} use it (whitepaper §5.4.4, {@code outLen} 16). Re-initialises this instance with the key.
     * {@code out} may alias the input.
     *
     * @return the number of bytes written ({@code outLen})
     * @throws IllegalArgumentException if {@code outLen} is not 1..32 or {@code keyLen} not 0..32
     */
    @HotPath
    public int mac(byte[] key, int keyOff, int keyLen, byte[] in, int off, int len, byte[] out, int outOff,
            int outLen) {
        init(outLen, key, keyOff, keyLen);
        update(in, off, len);
        return doFinal(out, outOff);
    }

    /** Erases the retained key, chained state and buffered input; {@link #init} is required afterwards. */
    public void wipe() {
        Bytes.wipe(key, 0, MAX_KEY_LENGTH);
        Bytes.wipe(buf, 0, BLOCK_LENGTH);
        for (int i = 0; i < 16; i++) {
            m[i] = 0;
        }
        for (int i = 0; i < 8; i++) {
            h[i] = 0;
        }
        keyLen = 0;
        bufLen = 0;
        counter = 0;
    }

    /**
     * RFC 7693 §3.2 compression function F of the 64-byte block at {@code b[off..)}; the caller has already
     * added the block's bytes to {@link #counter}. Rounds are a loop (ten identical bodies would blow
     * HotSpot's huge-method limit and the device's flash budget); the eight G calls are written out.
     */
    @HotPath
    private void compress(byte[] b, int off, boolean last) {
        final int[] m = this.m;
        final int[] h = this.h;
        for (int i = 0; i < 16; i++, off += 4) {
            m[i] = (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | b[off + 3] << 24;
        }
        int v0 = h[0];
        int v1 = h[1];
        int v2 = h[2];
        int v3 = h[3];
        int v4 = h[4];
        int v5 = h[5];
        int v6 = h[6];
        int v7 = h[7];
        int v8 = IV0;
        int v9 = IV1;
        int v10 = IV2;
        int v11 = IV3;
        int v12 = IV4 ^ (int) counter;
        int v13 = IV5 ^ (int) (counter >>> 32);
        int v14 = last ? ~IV6 : IV6;
        int v15 = IV7;
        final byte[] s = SIGMA;
        for (int r = 0; r < 160; r += 16) {
            // G0
            v0 += v4 + m[s[r + 0]];
            v12 ^= v0;
            v12 = (v12 >>> 16) | (v12 << 16);
            v8 += v12;
            v4 ^= v8;
            v4 = (v4 >>> 12) | (v4 << 20);
            v0 += v4 + m[s[r + 1]];
            v12 ^= v0;
            v12 = (v12 >>> 8) | (v12 << 24);
            v8 += v12;
            v4 ^= v8;
            v4 = (v4 >>> 7) | (v4 << 25);
            // G1
            v1 += v5 + m[s[r + 2]];
            v13 ^= v1;
            v13 = (v13 >>> 16) | (v13 << 16);
            v9 += v13;
            v5 ^= v9;
            v5 = (v5 >>> 12) | (v5 << 20);
            v1 += v5 + m[s[r + 3]];
            v13 ^= v1;
            v13 = (v13 >>> 8) | (v13 << 24);
            v9 += v13;
            v5 ^= v9;
            v5 = (v5 >>> 7) | (v5 << 25);
            // G2
            v2 += v6 + m[s[r + 4]];
            v14 ^= v2;
            v14 = (v14 >>> 16) | (v14 << 16);
            v10 += v14;
            v6 ^= v10;
            v6 = (v6 >>> 12) | (v6 << 20);
            v2 += v6 + m[s[r + 5]];
            v14 ^= v2;
            v14 = (v14 >>> 8) | (v14 << 24);
            v10 += v14;
            v6 ^= v10;
            v6 = (v6 >>> 7) | (v6 << 25);
            // G3
            v3 += v7 + m[s[r + 6]];
            v15 ^= v3;
            v15 = (v15 >>> 16) | (v15 << 16);
            v11 += v15;
            v7 ^= v11;
            v7 = (v7 >>> 12) | (v7 << 20);
            v3 += v7 + m[s[r + 7]];
            v15 ^= v3;
            v15 = (v15 >>> 8) | (v15 << 24);
            v11 += v15;
            v7 ^= v11;
            v7 = (v7 >>> 7) | (v7 << 25);
            // G4
            v0 += v5 + m[s[r + 8]];
            v15 ^= v0;
            v15 = (v15 >>> 16) | (v15 << 16);
            v10 += v15;
            v5 ^= v10;
            v5 = (v5 >>> 12) | (v5 << 20);
            v0 += v5 + m[s[r + 9]];
            v15 ^= v0;
            v15 = (v15 >>> 8) | (v15 << 24);
            v10 += v15;
            v5 ^= v10;
            v5 = (v5 >>> 7) | (v5 << 25);
            // G5
            v1 += v6 + m[s[r + 10]];
            v12 ^= v1;
            v12 = (v12 >>> 16) | (v12 << 16);
            v11 += v12;
            v6 ^= v11;
            v6 = (v6 >>> 12) | (v6 << 20);
            v1 += v6 + m[s[r + 11]];
            v12 ^= v1;
            v12 = (v12 >>> 8) | (v12 << 24);
            v11 += v12;
            v6 ^= v11;
            v6 = (v6 >>> 7) | (v6 << 25);
            // G6
            v2 += v7 + m[s[r + 12]];
            v13 ^= v2;
            v13 = (v13 >>> 16) | (v13 << 16);
            v8 += v13;
            v7 ^= v8;
            v7 = (v7 >>> 12) | (v7 << 20);
            v2 += v7 + m[s[r + 13]];
            v13 ^= v2;
            v13 = (v13 >>> 8) | (v13 << 24);
            v8 += v13;
            v7 ^= v8;
            v7 = (v7 >>> 7) | (v7 << 25);
            // G7
            v3 += v4 + m[s[r + 14]];
            v14 ^= v3;
            v14 = (v14 >>> 16) | (v14 << 16);
            v9 += v14;
            v4 ^= v9;
            v4 = (v4 >>> 12) | (v4 << 20);
            v3 += v4 + m[s[r + 15]];
            v14 ^= v3;
            v14 = (v14 >>> 8) | (v14 << 24);
            v9 += v14;
            v4 ^= v9;
            v4 = (v4 >>> 7) | (v4 << 25);
        }
        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}

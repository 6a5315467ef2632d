package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * SHA-256 (FIPS 180-4 §6.2; padding §5.1.1, constants §4.2.2, initial hash §5.3.3).
 * <p>
 * Why our own: the device's EDC has no {@code java.security.MessageDigest}, and the usual Java ports allocate a
 * 64-word schedule per block. Here the schedule {@code w[64]}, the pending block and the chaining state are
 * instance fields allocated once, so {@link #update} and {@link #doFinal} allocate nothing. Used by the
 * device's HTTP {@code POST /sink} to hash arbitrarily long bodies as they stream past.
 * <p>
 * Usage: any number of {@link #update} calls, then {@link #doFinal}, which writes 32 bytes and leaves the
 * instance reset for the next message; {@link #reset()} discards a partial message.
 * Message length is limited to 2^61 - 1 bytes (the bit count is a 64-bit field, §5.1.1).
 * <p>
 * Not thread-safe; one instance per thread.
 */
public final class Sha256 {
    /** Digest length in bytes. */
    public static final int DIGEST_LENGTH = 32;
    /** Block size in bytes (§1, Figure 1). */
    public static final int BLOCK_LENGTH = 64;

    /** §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private final int[] h = new int[8];
    /** Message schedule W0..W63 (§6.2.2 step 1), reused for every block. */
    private final int[] w = new int[64];
    /** Pending partial block. */
    private final byte[] buf = new byte[BLOCK_LENGTH];
    private int bufLen;
    /** Message bytes absorbed so far. */
    private long total;

    /** Allocates all state; ready to hash. */
    public Sha256() {
        reset();
    }

    /** Discards any partial message and loads the §5.3.3 initial hash value. */
    @HotPath
    public void reset() {
        h[0] = 0x6a09e667;
        h[1] = 0xbb67ae85;
        h[2] = 0x3c6ef372;
        h[3] = 0xa54ff53a;
        h[4] = 0x510e527f;
        h[5] = 0x9b05688c;
        h[6] = 0x1f83d9ab;
        h[7] = 0x5be0cd19;
        bufLen = 0;
        total = 0;
    }

    /** Absorbs {@code in[off..off+len)}; the caller keeps ownership of {@code in}. */
    @HotPath
    public void update(byte[] in, int off, int len) {
        total += len;
        if (bufLen > 0) {
            int take = BLOCK_LENGTH - bufLen;
            if (take > len) {
                take = len;
            }
            System.arraycopy(in, off, buf, bufLen, take);
            bufLen += take;
            off += take;
            len -= take;
            if (bufLen < BLOCK_LENGTH) {
                return;
            }
            compress(buf, 0);
            bufLen = 0;
        }
        // Whole blocks straight from the caller's array: no copy.
        while (len >= BLOCK_LENGTH) {
            compress(in, off);
            off += BLOCK_LENGTH;
            len -= BLOCK_LENGTH;
        }
        if (len > 0) {
            System.arraycopy(in, off, buf, 0, len);
            bufLen = len;
        }
    }

    /** Absorbs one byte. */
    @HotPath
    public void update(byte b) {
        total++;
        buf[bufLen++] = b;
        if (bufLen == BLOCK_LENGTH) {
            compress(buf, 0);
            bufLen = 0;
        }
    }

    /**
     * Pads (§5.1.1), writes the 32-byte digest to {@code out[off..off+32)} and resets for the next message.
     *
     * @return {@link #DIGEST_LENGTH}
     */
    @HotPath
    public int doFinal(byte[] out, int off) {
        long bits = total << 3;
        buf[bufLen++] = (byte) 0x80;
        if (bufLen > BLOCK_LENGTH - 8) {
            while (bufLen < BLOCK_LENGTH) {
                buf[bufLen++] = 0;
            }
            compress(buf, 0);
            bufLen = 0;
        }
        while (bufLen < BLOCK_LENGTH - 8) {
            buf[bufLen++] = 0;
        }
        Bytes.putLongBE(buf, BLOCK_LENGTH - 8, bits);
        compress(buf, 0);
        for (int i = 0; i < 8; i++) {
            Bytes.putIntBE(out, off + 4 * i, h[i]);
        }
        reset();
        return DIGEST_LENGTH;
    }

    /** §6.2.2 steps 1-4 on the 64 bytes at {@code block[off..]}. */
    @HotPath
    private void compress(byte[] block, int off) {
        int[] w = this.w;
        for (int t = 0; t < 16; t++) {
            w[t] = Bytes.getIntBE(block, off + 4 * t);
        }
        for (int t = 16; t < 64; t++) {
            int x = w[t - 2];
            int y = w[t - 15];
            int s1 = Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
            int s0 = Integer.rotateRight(y, 7) ^ Integer.rotateRight(y, 18) ^ (y >>> 3);
            w[t] = s1 + w[t - 7] + s0 + w[t - 16];
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        int f = h[5];
        int g = h[6];
        int hh = h[7];
        for (int t = 0; t < 64; t++) {
            int bigS1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int ch = (e & f) ^ (~e & g);
            int t1 = hh + bigS1 + ch + K[t] + w[t];
            int bigS0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int maj = (a & b) ^ (a & c) ^ (b & c);
            int t2 = bigS0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
}

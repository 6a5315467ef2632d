package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Poly1305 one-time authenticator, RFC 8439 §2.5: tag = ((sum of 17-byte blocks times r^i) mod 2^130-5) + s mod 2^128.
 * <p>
 * Why this shape: the accumulator and r are five 26-bit limbs in ints, multiplied as longs (no limb product
 * exceeds 2^59), so there are no carries to branch on and no secret-dependent branches or indices; the final
 * reduction selects h or h-p with a mask (constant time). Whole 16-byte blocks are absorbed straight from the
 * caller's array; only a trailing partial block is buffered.
 * <p>
 * Reusable: {@link #init} restarts it with a new one-time key. Not thread-safe; one instance per thread.
 * Never {@code toString()} an instance: it holds the key.
 */
public final class Poly1305 {
    public static final int KEY_LENGTH = 32;
    public static final int TAG_LENGTH = 16;

    private static final int M26 = 0x3ffffff;

    // r (clamped) and 5*r for limbs 1..4, as 26-bit limbs.
    private int r0, r1, r2, r3, r4;
    private int s1, s2, s3, s4;
    // s, the 128-bit pad added at the end.
    private int pad0, pad1, pad2, pad3;
    // Accumulator h, 26-bit limbs (partially reduced between blocks).
    private int h0, h1, h2, h3, h4;

    private final byte[] buf = new byte[16];
    private int bufLen;

    public Poly1305() {
    }

    /** Starts a new MAC with the one-time key {@code key[off..off+32)} = r || s (r is clamped here). */
    @HotPath
    public void init(byte[] key, int off) {
        int t0 = Bytes.getIntLE(key, off);
        int t1 = Bytes.getIntLE(key, off + 4);
        int t2 = Bytes.getIntLE(key, off + 8);
        int t3 = Bytes.getIntLE(key, off + 12);
        // The clamp of RFC 8439 §2.5 (clear top 4 bits of bytes 3,7,11,15 and low 2 bits of 4,8,12) folded
        // into the limb masks.
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        pad0 = Bytes.getIntLE(key, off + 16);
        pad1 = Bytes.getIntLE(key, off + 20);
        pad2 = Bytes.getIntLE(key, off + 24);
        pad3 = Bytes.getIntLE(key, off + 28);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        bufLen = 0;
    }

    /** Absorbs {@code msg[off..off+len)}. */
    @HotPath
    public void update(byte[] msg, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (bufLen > 0) {
            int take = 16 - bufLen;
            if (take > len) {
                take = len;
            }
            System.arraycopy(msg, off, buf, bufLen, take);
            bufLen += take;
            off += take;
            len -= take;
            if (bufLen < 16) {
                return;
            }
            blocks(buf, 0, 16, 1 << 24);
            bufLen = 0;
        }
        int full = len & ~15;
        if (full > 0) {
            blocks(msg, off, full, 1 << 24);
            off += full;
            len -= full;
        }
        if (len > 0) {
            System.arraycopy(msg, off, buf, 0, len);
            bufLen = len;
        }
    }

    /**
     * Absorbs zero bytes up to the next 16-byte boundary (the AEAD's pad16 of RFC 8439 §2.8), without the caller
     * needing a zero buffer. Does nothing if the input so far is a multiple of 16 bytes.
     */
    @HotPath
    public void padToBlock() {
        if (bufLen > 0) {
            for (int i = bufLen; i < 16; i++) {
                buf[i] = 0;
            }
            blocks(buf, 0, 16, 1 << 24);
            bufLen = 0;
        }
    }

    /**
     * Writes the 16-byte tag to {@code tag[off..off+16)}. The instance must be re-{@link #init}ialised before
     * the next MAC; the key and accumulator are wiped here.
     */
    @HotPath
    public void finish(byte[] tag, int off) {
        if (bufLen > 0) {
            // Final partial block: append the 0x01 byte, zero-fill, and do not add 2^128.
            buf[bufLen] = 1;
            for (int i = bufLen + 1; i < 16; i++) {
                buf[i] = 0;
            }
            blocks(buf, 0, 16, 0);
            bufLen = 0;
        }
        int a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
        // Full carry so every limb is < 2^26 (a0 may end just above; the next step handles it).
        int c = a1 >>> 26;
        a1 &= M26;
        a2 += c;
        c = a2 >>> 26;
        a2 &= M26;
        a3 += c;
        c = a3 >>> 26;
        a3 &= M26;
        a4 += c;
        c = a4 >>> 26;
        a4 &= M26;
        a0 += c * 5;
        c = a0 >>> 26;
        a0 &= M26;
        a1 += c;

        // g = h + 5 - 2^130; if g >= 0 then h >= p and the result is g.
        int g0 = a0 + 5;
        c = g0 >>> 26;
        g0 &= M26;
        int g1 = a1 + c;
        c = g1 >>> 26;
        g1 &= M26;
        int g2 = a2 + c;
        c = g2 >>> 26;
        g2 &= M26;
        int g3 = a3 + c;
        c = g3 >>> 26;
        g3 &= M26;
        int g4 = a4 + c - (1 << 26);

        // mask = all ones if g4 >= 0 (take g), zero if negative (keep h); no branch on secret data.
        int mask = (g4 >>> 31) - 1;
        int keep = ~mask;
        a0 = (a0 & keep) | (g0 & mask);
        a1 = (a1 & keep) | (g1 & mask);
        a2 = (a2 & keep) | (g2 & mask);
        a3 = (a3 & keep) | (g3 & mask);
        a4 = (a4 & keep) | (g4 & mask);

        // h mod 2^128 as four 32-bit words, then + s mod 2^128.
        int w0 = a0 | (a1 << 26);
        int w1 = (a1 >>> 6) | (a2 << 20);
        int w2 = (a2 >>> 12) | (a3 << 14);
        int w3 = (a3 >>> 18) | (a4 << 8);
        long f = (w0 & 0xFFFFFFFFL) + (pad0 & 0xFFFFFFFFL);
        Bytes.putIntLE(tag, off, (int) f);
        f = (w1 & 0xFFFFFFFFL) + (pad1 & 0xFFFFFFFFL) + (f >>> 32);
        Bytes.putIntLE(tag, off + 4, (int) f);
        f = (w2 & 0xFFFFFFFFL) + (pad2 & 0xFFFFFFFFL) + (f >>> 32);
        Bytes.putIntLE(tag, off + 8, (int) f);
        f = (w3 & 0xFFFFFFFFL) + (pad3 & 0xFFFFFFFFL) + (f >>> 32);
        Bytes.putIntLE(tag, off + 12, (int) f);

        wipe();
    }

    /** Zeroes key, accumulator and buffer. */
    public void wipe() {
        r0 = 0;
        r1 = 0;
        r2 = 0;
        r3 = 0;
        r4 = 0;
        s1 = 0;
        s2 = 0;
        s3 = 0;
        s4 = 0;
        pad0 = 0;
        pad1 = 0;
        pad2 = 0;
        pad3 = 0;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        bufLen = 0;
        Bytes.wipe(buf, 0, 16);
    }

    /** Absorbs {@code len} (a multiple of 16) bytes; {@code hibit} is 2^128 expressed in limb 4 (or 0). */
    private void blocks(byte[] m, int off, int len, int hibit) {
        final long r0 = this.r0, r1 = this.r1, r2 = this.r2, r3 = this.r3, r4 = this.r4;
        final long s1 = this.s1, s2 = this.s2, s3 = this.s3, s4 = this.s4;
        int h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
        final int end = off + len;
        while (off < end) {
            int t0 = Bytes.getIntLE(m, off);
            int t1 = Bytes.getIntLE(m, off + 4);
            int t2 = Bytes.getIntLE(m, off + 8);
            int t3 = Bytes.getIntLE(m, off + 12);
            h0 += t0 & M26;
            h1 += ((t0 >>> 26) | (t1 << 6)) & M26;
            h2 += ((t1 >>> 20) | (t2 << 12)) & M26;
            h3 += ((t2 >>> 14) | (t3 << 18)) & M26;
            h4 += (t3 >>> 8) | hibit;

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

            // Partial carry: limbs back under 2^26 (h1 may be slightly above, which the next round absorbs).
            long c = d0 >>> 26;
            long l0 = d0 & M26;
            d1 += c;
            c = d1 >>> 26;
            h1 = (int) d1 & M26;
            d2 += c;
            c = d2 >>> 26;
            h2 = (int) d2 & M26;
            d3 += c;
            c = d3 >>> 26;
            h3 = (int) d3 & M26;
            d4 += c;
            c = d4 >>> 26;
            h4 = (int) d4 & M26;
            // c can reach about 2^29, so 5*c is kept in a long.
            l0 += c * 5;
            h0 = (int) l0 & M26;
            h1 += (int) (l0 >>> 26);
            off += 16;
        }
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
        this.h3 = h3;
        this.h4 = h4;
    }
}

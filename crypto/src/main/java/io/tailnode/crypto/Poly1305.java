package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Poly1305 one-time authenticator (RFC 8439 §2.5): h = (h + block) * r mod 2^130 - 5 over 16-byte blocks, tag =
 * (h + s) mod 2^128. The accumulator and r are five 26-bit limbs; products are summed in {@code long}; the final
 * reduction selects h or h - p by mask, so the running time depends only on the message length.
 *
 * <p>PLACEHOLDER on branch wip-x25519 so NaCl box (secretbox) compiles and is tested on its own; the Poly1305
 * of the same name and API from the Poly1305 branch replaces it at merge.
 *
 * <p>Reusable ({@link #init} starts a new message; the key is wiped by {@link #finish}); not thread-safe, one
 * instance per thread.
 */
public final class Poly1305 {
    private static final int M26 = 0x3FFFFFF;

    private final byte[] buf = new byte[16];
    private int bufLen;
    private int r0, r1, r2, r3, r4;
    private int s1, s2, s3, s4;
    private int h0, h1, h2, h3, h4;
    private int pad0, pad1, pad2, pad3;

    public Poly1305() {
    }

    /** Starts a MAC with the 32-byte one-time key r || s at key[off..off+32). */
    @HotPath
    public void init(byte[] key, int off) {
        int t0 = Bytes.getIntLE(key, off);
        int t1 = Bytes.getIntLE(key, off + 4);
        int t2 = Bytes.getIntLE(key, off + 8);
        int t3 = Bytes.getIntLE(key, off + 12);
        // Limb split of r combined with the §2.5.1 clamp (r &= 0x0ffffffc0ffffffc0ffffffc0fffffff).
        r0 = t0 & 0x3FFFFFF;
        r1 = (t0 >>> 26 | t1 << 6) & 0x3FFFF03;
        r2 = (t1 >>> 20 | t2 << 12) & 0x3FFC0FF;
        r3 = (t2 >>> 14 | t3 << 18) & 0x3F03FFF;
        r4 = (t3 >>> 8) & 0x00FFFFF;
        // 2^130 = 5 mod p: limbs that wrap are multiplied by 5.
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        pad0 = Bytes.getIntLE(key, off + 16);
        pad1 = Bytes.getIntLE(key, off + 20);
        pad2 = Bytes.getIntLE(key, off + 24);
        pad3 = Bytes.getIntLE(key, off + 28);
        bufLen = 0;
    }

    /** Absorbs in[off..off+len). */
    @HotPath
    public void update(byte[] in, int off, int len) {
        if (bufLen > 0) {
            int take = 16 - bufLen;
            if (take > len) {
                take = len;
            }
            System.arraycopy(in, off, buf, bufLen, take);
            bufLen += take;
            off += take;
            len -= take;
            if (bufLen < 16) {
                return;
            }
            block(buf, 0, 1 << 24);
            bufLen = 0;
        }
        while (len >= 16) {
            block(in, off, 1 << 24);
            off += 16;
            len -= 16;
        }
        if (len > 0) {
            System.arraycopy(in, off, buf, 0, len);
            bufLen = len;
        }
    }

    /** Writes the 16-byte tag to tag[off..off+16) and wipes the key. */
    @HotPath
    public void finish(byte[] tag, int off) {
        if (bufLen > 0) {
            // Final partial block: append 0x01, pad with zeros, no 2^128 bit.
            buf[bufLen] = 1;
            for (int i = bufLen + 1; i < 16; i++) {
                buf[i] = 0;
            }
            block(buf, 0, 0);
            bufLen = 0;
        }
        int c;
        // Full carry: h < 2^130 + small.
        c = h1 >>> 26; h1 &= M26; h2 += c;
        c = h2 >>> 26; h2 &= M26; h3 += c;
        c = h3 >>> 26; h3 &= M26; h4 += c;
        c = h4 >>> 26; h4 &= M26; h0 += c * 5;
        c = h0 >>> 26; h0 &= M26; h1 += c;
        // g = h + 5 - 2^130; if g >= 0 then h >= p and the result is g.
        int g0 = h0 + 5;
        c = g0 >>> 26; g0 &= M26;
        int g1 = h1 + c;
        c = g1 >>> 26; g1 &= M26;
        int g2 = h2 + c;
        c = g2 >>> 26; g2 &= M26;
        int g3 = h3 + c;
        c = g3 >>> 26; g3 &= M26;
        int g4 = h4 + c - (1 << 26);
        int mask = (g4 >>> 31) - 1; // all ones if g4 >= 0
        h0 = (h0 & ~mask) | (g0 & mask);
        h1 = (h1 & ~mask) | (g1 & mask);
        h2 = (h2 & ~mask) | (g2 & mask);
        h3 = (h3 & ~mask) | (g3 & mask);
        h4 = (h4 & ~mask) | (g4 & mask);
        // To 4 x 32 bits (mod 2^128) by adding limbs at their bit offsets 0, 26, 52, 78, 104 (addition, not OR:
        // h1 may be exactly 2^26 after the last carry), then + s.
        long acc = (h0 & 0xFFFFFFFFL) + ((h1 & 0xFFFFFFFFL) << 26);
        long w0 = (acc & 0xFFFFFFFFL) + (pad0 & 0xFFFFFFFFL);
        acc = (acc >>> 32) + ((h2 & 0xFFFFFFFFL) << 20);
        long w1 = (acc & 0xFFFFFFFFL) + (pad1 & 0xFFFFFFFFL) + (w0 >>> 32);
        acc = (acc >>> 32) + ((h3 & 0xFFFFFFFFL) << 14);
        long w2 = (acc & 0xFFFFFFFFL) + (pad2 & 0xFFFFFFFFL) + (w1 >>> 32);
        acc = (acc >>> 32) + ((h4 & 0xFFFFFFFFL) << 8);
        long w3 = (acc & 0xFFFFFFFFL) + (pad3 & 0xFFFFFFFFL) + (w2 >>> 32);
        Bytes.putIntLE(tag, off, (int) w0);
        Bytes.putIntLE(tag, off + 4, (int) w1);
        Bytes.putIntLE(tag, off + 8, (int) w2);
        Bytes.putIntLE(tag, off + 12, (int) w3);
        r0 = r1 = r2 = r3 = r4 = 0;
        s1 = s2 = s3 = s4 = 0;
        h0 = h1 = h2 = h3 = h4 = 0;
        pad0 = pad1 = pad2 = pad3 = 0;
        Bytes.wipe(buf, 0, 16);
    }

    /** h = (h + m + hibit * 2^128) * r mod 2^130 - 5, partially reduced. */
    private void block(byte[] m, int off, int hibit) {
        int t0 = Bytes.getIntLE(m, off);
        int t1 = Bytes.getIntLE(m, off + 4);
        int t2 = Bytes.getIntLE(m, off + 8);
        int t3 = Bytes.getIntLE(m, off + 12);
        long a0 = h0 + (t0 & M26);
        long a1 = h1 + ((t0 >>> 26 | t1 << 6) & M26);
        long a2 = h2 + ((t1 >>> 20 | t2 << 12) & M26);
        long a3 = h3 + ((t2 >>> 14 | t3 << 18) & M26);
        long a4 = h4 + (t3 >>> 8 | hibit);
        long b0 = r0, b1 = r1, b2 = r2, b3 = r3, b4 = r4;
        long c1 = s1, c2 = s2, c3 = s3, c4 = s4;
        long d0 = a0 * b0 + a1 * c4 + a2 * c3 + a3 * c2 + a4 * c1;
        long d1 = a0 * b1 + a1 * b0 + a2 * c4 + a3 * c3 + a4 * c2;
        long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * c4 + a4 * c3;
        long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * c4;
        long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        long c;
        c = d0 >>> 26; d1 += c;
        c = d1 >>> 26; d2 += c;
        c = d2 >>> 26; d3 += c;
        c = d3 >>> 26; d4 += c;
        c = d4 >>> 26;
        long e0 = (d0 & M26) + c * 5;
        h1 = (int) (d1 & M26) + (int) (e0 >>> 26);
        h0 = (int) (e0 & M26);
        h2 = (int) (d2 & M26);
        h3 = (int) (d3 & M26);
        h4 = (int) (d4 & M26);
    }
}

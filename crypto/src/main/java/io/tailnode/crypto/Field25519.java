package io.tailnode.crypto;

/**
 * Arithmetic in GF(2^255 - 19) for X25519 (RFC 7748 §5). An element is an {@code int[10]} of limbs in radix
 * 2^25.5: limb i has weight 2^ceil(25.5 i), i.e. 26 bits for even i and 25 bits for odd i. Products are
 * accumulated in {@code long}; weight 2^255 folds back as 19.
 *
 * <p>Every routine is straight-line or loops a public number of times, with no secret-dependent branch or
 * index, and none allocates. Outputs may alias inputs (all limbs are read before any is written).
 *
 * <p>Limb bounds: "carried" elements (outputs of {@link #mul}, {@link #sq}, {@link #mul121666},
 * {@link #fromBytes}) have limbs in [0, 2^26) (even) / [0, 2^25 + 2^17) (odd). The {@link #add} or {@link #sub}
 * of two carried elements may be fed to mul/sq/mul121666 directly (each 10-term sum stays below 2^63), but
 * such results must not be added again before a multiplication.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Field25519 {
    private static final int MASK25 = 0x1FFFFFF;
    private static final int MASK26 = 0x3FFFFFF;

    private Field25519() {
    }

    /** h = 0. */
    public static void zero(int[] h) {
        for (int i = 0; i < 10; i++) {
            h[i] = 0;
        }
    }

    /** h = 1. */
    public static void one(int[] h) {
        h[0] = 1;
        for (int i = 1; i < 10; i++) {
            h[i] = 0;
        }
    }

    /** h = f. */
    public static void copy(int[] h, int[] f) {
        System.arraycopy(f, 0, h, 0, 10);
    }

    /** h = f + g (no carry). */
    public static void add(int[] h, int[] f, int[] g) {
        for (int i = 0; i < 10; i++) {
            h[i] = f[i] + g[i];
        }
    }

    /** h = f - g (no carry; limbs may go negative, which mul/sq/mul121666 handle). */
    public static void sub(int[] h, int[] f, int[] g) {
        for (int i = 0; i < 10; i++) {
            h[i] = f[i] - g[i];
        }
    }

    /** Swaps f and g if b == 1, leaves them if b == 0, with the same memory accesses either way. */
    public static void cswap(int[] f, int[] g, int b) {
        int mask = -b;
        for (int i = 0; i < 10; i++) {
            int x = mask & (f[i] ^ g[i]);
            f[i] ^= x;
            g[i] ^= x;
        }
    }

    /** h = f * g. */
    public static void mul(int[] h, int[] f, int[] g) {
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        long f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
        long g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
        long g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
        // Odd limbs sit half a bit high, so odd x odd products carry an extra factor 2.
        long f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;
        // Terms of weight >= 2^255 wrap around with factor 19 (2^255 = 19 mod p).
        long g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5;
        long g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
        long h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
        long h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
        long h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
        long h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
        long h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
        long h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
        long h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
        long h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
        long h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
        long h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
        carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
    }

    /** h = f^2: each cross product computed once and doubled, about half the multiplications of mul. */
    public static void sq(int[] h, int[] f) {
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        long f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
        long f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
        long f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7, f8_2 = 2 * f8;
        long f6_19 = 19 * f6, f7_19 = 19 * f7, f8_19 = 19 * f8, f9_19 = 19 * f9;
        long f5_38 = 38 * f5, f7_38 = 38 * f7, f9_38 = 38 * f9;
        long h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
        long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
        long h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
        long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
        long h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
        long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
        long h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
        long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
        long h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
        long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
        carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
    }

    /** h = f^(2^n) for a public n >= 1. */
    public static void sqN(int[] h, int[] f, int n) {
        sq(h, f);
        for (int i = 1; i < n; i++) {
            sq(h, h);
        }
    }

    /** h = f * 121666 = f * (A + 2) / 4 for A = 486662: the Montgomery-ladder constant a24. */
    public static void mul121666(int[] h, int[] f) {
        carry(h, f[0] * 121666L, f[1] * 121666L, f[2] * 121666L, f[3] * 121666L, f[4] * 121666L,
                f[5] * 121666L, f[6] * 121666L, f[7] * 121666L, f[8] * 121666L, f[9] * 121666L);
    }

    /**
     * Carries 64-bit limb sums down to int limbs. Floor (arithmetic-shift) carries leave every limb non-negative;
     * two interleaved chains shorten the dependency path.
     */
    private static void carry(int[] h, long h0, long h1, long h2, long h3, long h4,
            long h5, long h6, long h7, long h8, long h9) {
        long c;
        c = h0 >> 26; h1 += c; h0 -= c << 26;
        c = h4 >> 26; h5 += c; h4 -= c << 26;
        c = h1 >> 25; h2 += c; h1 -= c << 25;
        c = h5 >> 25; h6 += c; h5 -= c << 25;
        c = h2 >> 26; h3 += c; h2 -= c << 26;
        c = h6 >> 26; h7 += c; h6 -= c << 26;
        c = h3 >> 25; h4 += c; h3 -= c << 25;
        c = h7 >> 25; h8 += c; h7 -= c << 25;
        c = h4 >> 26; h5 += c; h4 -= c << 26;
        c = h8 >> 26; h9 += c; h8 -= c << 26;
        c = h9 >> 25; h0 += c * 19; h9 -= c << 25;
        c = h0 >> 26; h1 += c; h0 -= c << 26;
        h[0] = (int) h0;
        h[1] = (int) h1;
        h[2] = (int) h2;
        h[3] = (int) h3;
        h[4] = (int) h4;
        h[5] = (int) h5;
        h[6] = (int) h6;
        h[7] = (int) h7;
        h[8] = (int) h8;
        h[9] = (int) h9;
    }

    /**
     * h = z^(p-2) = 1/z (Fermat's little theorem; 0 maps to 0). Fixed addition chain for p - 2 = 2^255 - 21:
     * 254 squarings and 11 multiplications. t0..t3 are caller scratch; h may alias z but not t0..t3.
     */
    public static void invert(int[] h, int[] z, int[] t0, int[] t1, int[] t2, int[] t3) {
        sq(t0, z);              // z^2
        sqN(t1, t0, 2);         // z^8
        mul(t1, z, t1);         // z^9
        mul(t0, t0, t1);        // z^11
        sq(t2, t0);             // z^22
        mul(t1, t1, t2);        // z^31 = z^(2^5 - 1)
        sqN(t2, t1, 5);
        mul(t1, t2, t1);        // z^(2^10 - 1)
        sqN(t2, t1, 10);
        mul(t2, t2, t1);        // z^(2^20 - 1)
        sqN(t3, t2, 20);
        mul(t2, t3, t2);        // z^(2^40 - 1)
        sqN(t2, t2, 10);
        mul(t1, t2, t1);        // z^(2^50 - 1)
        sqN(t2, t1, 50);
        mul(t2, t2, t1);        // z^(2^100 - 1)
        sqN(t3, t2, 100);
        mul(t2, t3, t2);        // z^(2^200 - 1)
        sqN(t2, t2, 50);
        mul(t1, t2, t1);        // z^(2^250 - 1)
        sqN(t1, t1, 5);         // z^(2^255 - 2^5)
        mul(h, t1, t0);         // z^(2^255 - 21)
    }

    /**
     * Decodes 32 little-endian bytes, ignoring bit 255 (RFC 7748 §5 decodeUCoordinate). Non-canonical values
     * (2^255 - 19 .. 2^255 - 1) are accepted and act as their residue mod p, as §5 requires.
     */
    public static void fromBytes(int[] h, byte[] s, int off) {
        h[0] = load32(s, off) & MASK26;
        h[1] = (load32(s, off + 3) >>> 2) & MASK25;
        h[2] = (load32(s, off + 6) >>> 3) & MASK26;
        h[3] = (load32(s, off + 9) >>> 5) & MASK25;
        h[4] = (load32(s, off + 12) >>> 6) & MASK26;
        h[5] = load32(s, off + 16) & MASK25;
        h[6] = (load32(s, off + 19) >>> 1) & MASK26;
        h[7] = (load32(s, off + 22) >>> 3) & MASK25;
        h[8] = (load32(s, off + 25) >>> 4) & MASK26;
        h[9] = (load32(s, off + 28) >>> 6) & MASK25;
    }

    /** Encodes h fully reduced mod p as 32 little-endian bytes (RFC 7748 §5 encodeUCoordinate); h is unchanged. */
    public static void toBytes(byte[] s, int off, int[] h) {
        int h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4];
        int h5 = h[5], h6 = h[6], h7 = h[7], h8 = h[8], h9 = h[9];
        int c;
        // Two full floor-carry passes: every limb in range and the value below 2p.
        for (int pass = 0; pass < 2; pass++) {
            c = h0 >> 26; h1 += c; h0 &= MASK26;
            c = h1 >> 25; h2 += c; h1 &= MASK25;
            c = h2 >> 26; h3 += c; h2 &= MASK26;
            c = h3 >> 25; h4 += c; h3 &= MASK25;
            c = h4 >> 26; h5 += c; h4 &= MASK26;
            c = h5 >> 25; h6 += c; h5 &= MASK25;
            c = h6 >> 26; h7 += c; h6 &= MASK26;
            c = h7 >> 25; h8 += c; h7 &= MASK25;
            c = h8 >> 26; h9 += c; h8 &= MASK26;
            c = h9 >> 25; h0 += 19 * c; h9 &= MASK25;
        }
        // q = 1 iff value >= p, i.e. value + 19 >= 2^255; then subtract p: add 19 and drop bit 255.
        int q = (h0 + 19) >> 26;
        q = (h1 + q) >> 25;
        q = (h2 + q) >> 26;
        q = (h3 + q) >> 25;
        q = (h4 + q) >> 26;
        q = (h5 + q) >> 25;
        q = (h6 + q) >> 26;
        q = (h7 + q) >> 25;
        q = (h8 + q) >> 26;
        q = (h9 + q) >> 25;
        h0 += 19 * q;
        c = h0 >> 26; h1 += c; h0 &= MASK26;
        c = h1 >> 25; h2 += c; h1 &= MASK25;
        c = h2 >> 26; h3 += c; h2 &= MASK26;
        c = h3 >> 25; h4 += c; h3 &= MASK25;
        c = h4 >> 26; h5 += c; h4 &= MASK26;
        c = h5 >> 25; h6 += c; h5 &= MASK25;
        c = h6 >> 26; h7 += c; h6 &= MASK26;
        c = h7 >> 25; h8 += c; h7 &= MASK25;
        c = h8 >> 26; h9 += c; h8 &= MASK26;
        h9 &= MASK25;
        // Limbs start at bits 0, 26, 51, 77, 102 | 128, 153, 179, 204, 230.
        store32(s, off, h0 | h1 << 26);
        store32(s, off + 4, h1 >>> 6 | h2 << 19);
        store32(s, off + 8, h2 >>> 13 | h3 << 13);
        store32(s, off + 12, h3 >>> 19 | h4 << 6);
        store32(s, off + 16, h5 | h6 << 25);
        store32(s, off + 20, h6 >>> 7 | h7 << 19);
        store32(s, off + 24, h7 >>> 13 | h8 << 12);
        store32(s, off + 28, h8 >>> 20 | h9 << 6);
    }

    private static int load32(byte[] s, int off) {
        return (s[off] & 0xFF) | (s[off + 1] & 0xFF) << 8 | (s[off + 2] & 0xFF) << 16 | (s[off + 3] & 0xFF) << 24;
    }

    private static void store32(byte[] s, int off, int v) {
        s[off] = (byte) v;
        s[off + 1] = (byte) (v >>> 8);
        s[off + 2] = (byte) (v >>> 16);
        s[off + 3] = (byte) (v >>> 24);
    }
}

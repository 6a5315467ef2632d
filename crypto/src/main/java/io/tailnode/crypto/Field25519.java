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
 * <p>Carries use floor (arithmetic-shift) steps, which leave every limb non-negative, in two interleaved chains
 * to shorten the dependency path. The carry is written out in each routine rather than called: a helper with
 * ten long arguments exceeds HotSpot's inlining limit and costs a stack-passed call per multiplication.
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

    /** s = f + g and d = f - g in one pass (no carry); s and d must not alias f or g. */
    public static void addSub(int[] s, int[] d, int[] f, int[] g) {
        for (int i = 0; i < 10; i++) {
            int x = f[i], y = g[i];
            s[i] = x + y;
            d[i] = x - y;
        }
    }

    /** Swaps f1 with g1 and f2 with g2 if b == 1, neither if b == 0: {@link #cswap} on two pairs in one pass. */
    public static void cswap2(int[] f1, int[] g1, int[] f2, int[] g2, int b) {
        int mask = -b;
        for (int i = 0; i < 10; i++) {
            int x = mask & (f1[i] ^ g1[i]);
            f1[i] ^= x;
            g1[i] ^= x;
            int y = mask & (f2[i] ^ g2[i]);
            f2[i] ^= y;
            g2[i] ^= y;
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

    /*
     * Multiplication and squaring split an element by limb parity. Even limb 2m has weight 2^(51m) and odd limb
     * 2m+1 has weight 2^(51m+26), so with y = 2^51:  f = E(y) + 2^26 O(y), E and O being 5-coefficient
     * polynomials, and y^5 = 2^255 = 19 (mod p). Then, in Z[y]/(y^5 - 19):
     *     f g = E_f E_g + 2 y O_f O_g  +  2^26 (E_f O_g + O_f E_g)
     * where the odd part is computed Karatsuba-style as (E_f + O_f)(E_g + O_g) - E_f E_g - O_f O_g: three 5x5
     * cyclic products (75 multiplications) instead of 100. Intermediate long arithmetic may wrap; only the final
     * limb sums have to fit in 63 bits, which the limb bounds in the class comment guarantee.
     */

    /** h = f * g. */
    public static void mul(int[] h, int[] f, int[] g) {
        // Operands are (re)loaded per product to keep few longs live at once (fewer register spills).
        long e0 = f[0], e1 = f[2], e2 = f[4], e3 = f[6], e4 = f[8];
        long u0 = g[0], u1 = g[2], u2 = g[4], u3 = g[6], u4 = g[8];
        // P1 = E_f E_g mod (y^5 - 19)
        long p0 = e0 * u0 + 19 * (e1 * u4 + e2 * u3 + e3 * u2 + e4 * u1);
        long p1 = e0 * u1 + e1 * u0 + 19 * (e2 * u4 + e3 * u3 + e4 * u2);
        long p2 = e0 * u2 + e1 * u1 + e2 * u0 + 19 * (e3 * u4 + e4 * u3);
        long p3 = e0 * u3 + e1 * u2 + e2 * u1 + e3 * u0 + 19 * (e4 * u4);
        long p4 = e0 * u4 + e1 * u3 + e2 * u2 + e3 * u1 + e4 * u0;
        // P2 = O_f O_g
        long o0 = f[1], o1 = f[3], o2 = f[5], o3 = f[7], o4 = f[9];
        long v0 = g[1], v1 = g[3], v2 = g[5], v3 = g[7], v4 = g[9];
        long q0 = o0 * v0 + 19 * (o1 * v4 + o2 * v3 + o3 * v2 + o4 * v1);
        long q1 = o0 * v1 + o1 * v0 + 19 * (o2 * v4 + o3 * v3 + o4 * v2);
        long q2 = o0 * v2 + o1 * v1 + o2 * v0 + 19 * (o3 * v4 + o4 * v3);
        long q3 = o0 * v3 + o1 * v2 + o2 * v1 + o3 * v0 + 19 * (o4 * v4);
        long q4 = o0 * v4 + o1 * v3 + o2 * v2 + o3 * v1 + o4 * v0;
        // P3 = (E_f + O_f)(E_g + O_g)
        long s0 = (long) f[0] + f[1], s1 = (long) f[2] + f[3], s2 = (long) f[4] + f[5];
        long s3 = (long) f[6] + f[7], s4 = (long) f[8] + f[9];
        long t0 = (long) g[0] + g[1], t1 = (long) g[2] + g[3], t2 = (long) g[4] + g[5];
        long t3 = (long) g[6] + g[7], t4 = (long) g[8] + g[9];
        long r0 = s0 * t0 + 19 * (s1 * t4 + s2 * t3 + s3 * t2 + s4 * t1) - p0 - q0;
        long r1 = s0 * t1 + s1 * t0 + 19 * (s2 * t4 + s3 * t3 + s4 * t2) - p1 - q1;
        long r2 = s0 * t2 + s1 * t1 + s2 * t0 + 19 * (s3 * t4 + s4 * t3) - p2 - q2;
        long r3 = s0 * t3 + s1 * t2 + s2 * t1 + s3 * t0 + 19 * (s4 * t4) - p3 - q3;
        long r4 = s0 * t4 + s1 * t3 + s2 * t2 + s3 * t1 + s4 * t0 - p4 - q4;

        long h0 = p0 + 38 * q4;
        long h1 = r0;
        long h2 = p1 + 2 * q0;
        long h3 = r1;
        long h4 = p2 + 2 * q1;
        long h5 = r2;
        long h6 = p3 + 2 * q2;
        long h7 = r3;
        long h8 = p4 + 2 * q3;
        long h9 = r4;
        long c; // carry: see the class comment
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h1 >> 25; h2 += c; h1 &= 0x1FFFFFFL;
        c = h5 >> 25; h6 += c; h5 &= 0x1FFFFFFL;
        c = h2 >> 26; h3 += c; h2 &= 0x3FFFFFFL;
        c = h6 >> 26; h7 += c; h6 &= 0x3FFFFFFL;
        c = h3 >> 25; h4 += c; h3 &= 0x1FFFFFFL;
        c = h7 >> 25; h8 += c; h7 &= 0x1FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h8 >> 26; h9 += c; h8 &= 0x3FFFFFFL;
        c = h9 >> 25; h0 += c * 19; h9 &= 0x1FFFFFFL;
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
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

    /** h = f^2: as {@link #mul} with cyclic squares (15 multiplications each, 45 in all). */
    public static void sq(int[] h, int[] f) {
        // S1 = E^2 mod (y^5 - 19)
        long e0 = f[0], e1 = f[2], e2 = f[4], e3 = f[6], e4 = f[8];
        long p0 = e0 * e0 + 38 * (e1 * e4 + e2 * e3);
        long p1 = 2 * (e0 * e1) + 19 * (2 * (e2 * e4) + e3 * e3);
        long p2 = 2 * (e0 * e2) + e1 * e1 + 38 * (e3 * e4);
        long p3 = 2 * (e0 * e3 + e1 * e2) + 19 * (e4 * e4);
        long p4 = 2 * (e0 * e4 + e1 * e3) + e2 * e2;
        // S2 = O^2
        long o0 = f[1], o1 = f[3], o2 = f[5], o3 = f[7], o4 = f[9];
        long q0 = o0 * o0 + 38 * (o1 * o4 + o2 * o3);
        long q1 = 2 * (o0 * o1) + 19 * (2 * (o2 * o4) + o3 * o3);
        long q2 = 2 * (o0 * o2) + o1 * o1 + 38 * (o3 * o4);
        long q3 = 2 * (o0 * o3 + o1 * o2) + 19 * (o4 * o4);
        long q4 = 2 * (o0 * o4 + o1 * o3) + o2 * o2;
        // S3 = (E + O)^2; S3 - S1 - S2 = 2 E O, the odd limbs.
        long s0 = (long) f[0] + f[1], s1 = (long) f[2] + f[3], s2 = (long) f[4] + f[5];
        long s3 = (long) f[6] + f[7], s4 = (long) f[8] + f[9];
        long r0 = s0 * s0 + 38 * (s1 * s4 + s2 * s3) - p0 - q0;
        long r1 = 2 * (s0 * s1) + 19 * (2 * (s2 * s4) + s3 * s3) - p1 - q1;
        long r2 = 2 * (s0 * s2) + s1 * s1 + 38 * (s3 * s4) - p2 - q2;
        long r3 = 2 * (s0 * s3 + s1 * s2) + 19 * (s4 * s4) - p3 - q3;
        long r4 = 2 * (s0 * s4 + s1 * s3) + s2 * s2 - p4 - q4;

        long h0 = p0 + 38 * q4;
        long h1 = r0;
        long h2 = p1 + 2 * q0;
        long h3 = r1;
        long h4 = p2 + 2 * q1;
        long h5 = r2;
        long h6 = p3 + 2 * q2;
        long h7 = r3;
        long h8 = p4 + 2 * q3;
        long h9 = r4;
        long c; // carry: see the class comment
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h1 >> 25; h2 += c; h1 &= 0x1FFFFFFL;
        c = h5 >> 25; h6 += c; h5 &= 0x1FFFFFFL;
        c = h2 >> 26; h3 += c; h2 &= 0x3FFFFFFL;
        c = h6 >> 26; h7 += c; h6 &= 0x3FFFFFFL;
        c = h3 >> 25; h4 += c; h3 &= 0x1FFFFFFL;
        c = h7 >> 25; h8 += c; h7 &= 0x1FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h8 >> 26; h9 += c; h8 &= 0x3FFFFFFL;
        c = h9 >> 25; h0 += c * 19; h9 &= 0x1FFFFFFL;
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
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

    /** h = f^(2^n) for a public n >= 1. */
    public static void sqN(int[] h, int[] f, int n) {
        sq(h, f);
        for (int i = 1; i < n; i++) {
            sq(h, h);
        }
    }

    /** h = f * 121666 = f * (A + 2) / 4 for A = 486662: the Montgomery-ladder constant a24. */
    public static void mul121666(int[] h, int[] f) {
        long h0 = f[0] * 121666L;
        long h1 = f[1] * 121666L;
        long h2 = f[2] * 121666L;
        long h3 = f[3] * 121666L;
        long h4 = f[4] * 121666L;
        long h5 = f[5] * 121666L;
        long h6 = f[6] * 121666L;
        long h7 = f[7] * 121666L;
        long h8 = f[8] * 121666L;
        long h9 = f[9] * 121666L;
        long c; // carry: see the class comment
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h1 >> 25; h2 += c; h1 &= 0x1FFFFFFL;
        c = h5 >> 25; h6 += c; h5 &= 0x1FFFFFFL;
        c = h2 >> 26; h3 += c; h2 &= 0x3FFFFFFL;
        c = h6 >> 26; h7 += c; h6 &= 0x3FFFFFFL;
        c = h3 >> 25; h4 += c; h3 &= 0x1FFFFFFL;
        c = h7 >> 25; h8 += c; h7 &= 0x1FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h8 >> 26; h9 += c; h8 &= 0x3FFFFFFL;
        c = h9 >> 25; h0 += c * 19; h9 &= 0x1FFFFFFL;
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
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
     * The ladder's E = AA - BB and BB + a24 * E in one pass: e = f - g (uncarried) and h = 121666 e + g
     * (carried). f and g carried; e and h must not alias f or g.
     */
    public static void subMul121666Add(int[] h, int[] e, int[] f, int[] g) {
        for (int i = 0; i < 10; i++) {
            e[i] = f[i] - g[i];
        }
        long h0 = e[0] * 121666L + g[0];
        long h1 = e[1] * 121666L + g[1];
        long h2 = e[2] * 121666L + g[2];
        long h3 = e[3] * 121666L + g[3];
        long h4 = e[4] * 121666L + g[4];
        long h5 = e[5] * 121666L + g[5];
        long h6 = e[6] * 121666L + g[6];
        long h7 = e[7] * 121666L + g[7];
        long h8 = e[8] * 121666L + g[8];
        long h9 = e[9] * 121666L + g[9];
        long c; // carry: see the class comment
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h1 >> 25; h2 += c; h1 &= 0x1FFFFFFL;
        c = h5 >> 25; h6 += c; h5 &= 0x1FFFFFFL;
        c = h2 >> 26; h3 += c; h2 &= 0x3FFFFFFL;
        c = h6 >> 26; h7 += c; h6 &= 0x3FFFFFFL;
        c = h3 >> 25; h4 += c; h3 &= 0x1FFFFFFL;
        c = h7 >> 25; h8 += c; h7 &= 0x1FFFFFFL;
        c = h4 >> 26; h5 += c; h4 &= 0x3FFFFFFL;
        c = h8 >> 26; h9 += c; h8 &= 0x3FFFFFFL;
        c = h9 >> 25; h0 += c * 19; h9 &= 0x1FFFFFFL;
        c = h0 >> 26; h1 += c; h0 &= 0x3FFFFFFL;
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

package io.tailnode.crypto;

import io.tailnode.lang.HotPath;

/**
 * X25519 (RFC 7748 §5): constant-time Montgomery ladder over GF(2^255 - 19) ({@link Field25519}), with
 * conditional swaps by masks, one fixed-chain inversion at the end, and the all-zero-output check of §6.1.
 *
 * <p>All field temporaries are allocated once in the constructor; {@link #scalarMult} and {@link #publicKey}
 * allocate nothing. Scalar bits select swaps only through masks; array indices depend only on the loop counter.
 * out may be the same array region as scalar or u (both are read before out is written).
 *
 * <p>Not thread-safe; one instance per thread. Temporaries that held secrets are wiped after each call.
 */
public final class X25519 implements X25519Engine {
    private static final byte[] BASE_POINT = {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final byte[] k = new byte[32];
    private final int[] x1 = new int[10];
    private final int[] x2 = new int[10];
    private final int[] z2 = new int[10];
    private final int[] x3 = new int[10];
    private final int[] z3 = new int[10];
    private final int[] a = new int[10];
    private final int[] aa = new int[10];
    private final int[] b = new int[10];
    private final int[] bb = new int[10];
    private final int[] e = new int[10];
    private final int[] c = new int[10];
    private final int[] d = new int[10];

    public X25519() {
    }

    /** Clamps a 32-byte private key in place (RFC 7748 §5 decodeScalar25519): clear bits 0-2 and 255, set 254. */
    public static void clamp(byte[] key, int off) {
        key[off] &= (byte) 0xF8;
        key[off + 31] &= (byte) 0x7F;
        key[off + 31] |= (byte) 0x40;
    }

    @Override
    @HotPath
    public boolean scalarMult(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff) {
        System.arraycopy(scalar, scalarOff, k, 0, 32);
        clamp(k, 0);
        Field25519.fromBytes(x1, u, uOff);
        ladder();
        // x2 / z2; a, b, c, d are free scratch by now.
        Field25519.invert(z2, z2, a, b, c, d);
        Field25519.mul(x2, x2, z2);
        Field25519.toBytes(out, outOff, x2);
        wipe();
        // The result is public once computed, so branching on it leaks nothing about the scalar.
        if (ConstantTime.isZero(out, outOff, 32)) {
            return false;
        }
        return true;
    }

    @Override
    @HotPath
    public void publicKey(byte[] out, int outOff, byte[] scalar, int scalarOff) {
        scalarMult(out, outOff, scalar, scalarOff, BASE_POINT, 0);
    }

    /** RFC 7748 §5 ladder: on return (x2 : z2) is the projective u-coordinate of k * (x1). */
    private void ladder() {
        int[] x1 = this.x1, x2 = this.x2, z2 = this.z2, x3 = this.x3, z3 = this.z3;
        int[] a = this.a, aa = this.aa, b = this.b, bb = this.bb, e = this.e, c = this.c, d = this.d;
        byte[] k = this.k;
        Field25519.one(x2);
        Field25519.zero(z2);
        Field25519.copy(x3, x1);
        Field25519.one(z3);
        int swap = 0;
        for (int t = 254; t >= 0; t--) {
            int kt = (k[t >>> 3] >>> (t & 7)) & 1;
            swap ^= kt;
            Field25519.cswap2(x2, x3, z2, z3, swap);
            swap = kt;

            Field25519.addSub(a, b, x2, z2);     // A = x2 + z2, B = x2 - z2
            Field25519.addSub(c, d, x3, z3);     // C = x3 + z3, D = x3 - z3
            Field25519.sq(aa, a);
            Field25519.sq(bb, b);
            Field25519.mul(d, d, a);            // DA
            Field25519.mul(c, c, b);            // CB
            Field25519.addSub(x3, z3, d, c);
            Field25519.sq(x3, x3);              // x3 = (DA + CB)^2
            Field25519.sq(z3, z3);
            Field25519.mul(z3, z3, x1);         // z3 = x1 * (DA - CB)^2
            Field25519.mul(x2, aa, bb);         // x2 = AA * BB
            // z2 = E * (AA + 121665 E) = E * (BB + 121666 E), since AA = BB + E.
            Field25519.subMul121666Add(a, e, aa, bb);
            Field25519.mul(z2, e, a);
        }
        Field25519.cswap2(x2, x3, z2, z3, swap);
    }

    private void wipe() {
        for (int i = 0; i < 32; i++) {
            k[i] = 0;
        }
        for (int i = 0; i < 10; i++) {
            x2[i] = 0;
            z2[i] = 0;
            x3[i] = 0;
            z3[i] = 0;
            a[i] = 0;
            aa[i] = 0;
            b[i] = 0;
            bb[i] = 0;
            e[i] = 0;
            c[i] = 0;
            d[i] = 0;
        }
    }
}

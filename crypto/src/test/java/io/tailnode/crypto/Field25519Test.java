package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Field25519 against BigInteger arithmetic mod p (tests only; the device code never uses BigInteger). */
class Field25519Test {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private static BigInteger toBig(byte[] le) {
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = le[i];
        }
        return new BigInteger(be);
    }

    private static BigInteger val(int[] h) {
        byte[] out = new byte[32];
        Field25519.toBytes(out, 0, h);
        BigInteger v = toBig(out);
        assertEquals(-1, v.compareTo(P), "toBytes not canonical");
        return v;
    }

    private static BigInteger load(int[] h, byte[] b) {
        Field25519.fromBytes(h, b, 0);
        byte[] m = b.clone();
        m[31] &= 0x7F;
        return toBig(m).mod(P);
    }

    @Test
    void randomOpsMatchBigInteger() {
        Random rnd = new Random(42);
        int[] f = new int[10], g = new int[10], h = new int[10], s = new int[10], d = new int[10];
        int[] t0 = new int[10], t1 = new int[10], t2 = new int[10], t3 = new int[10];
        byte[] a = new byte[32], b = new byte[32];
        for (int i = 0; i < 2000; i++) {
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            if (i < 8) { // extremes: all ones, p - 1 .. 2^255 - 1
                java.util.Arrays.fill(a, (byte) 0xFF);
                java.util.Arrays.fill(b, (byte) 0xFF);
                a[0] = (byte) (0xEC + i);
            }
            BigInteger fa = load(f, a), gb = load(g, b);
            Field25519.mul(h, f, g);
            assertEquals(fa.multiply(gb).mod(P), val(h));
            Field25519.sq(h, f);
            assertEquals(fa.multiply(fa).mod(P), val(h));
            Field25519.mul121666(h, f);
            assertEquals(fa.multiply(BigInteger.valueOf(121666)).mod(P), val(h));
            // Worst-case ladder inputs: sums / differences of carried elements into mul and sq.
            Field25519.addSub(s, d, f, g);
            Field25519.mul(h, s, d);
            assertEquals(fa.add(gb).multiply(fa.subtract(gb)).mod(P), val(h));
            Field25519.sq(h, s);
            assertEquals(fa.add(gb).pow(2).mod(P), val(h));
            Field25519.mul(h, s, s);
            assertEquals(fa.add(gb).pow(2).mod(P), val(h));
            Field25519.subMul121666Add(h, d, f, g);
            assertEquals(fa.subtract(gb).multiply(BigInteger.valueOf(121666)).add(gb).mod(P), val(h));
            if (i % 10 == 0) {
                Field25519.invert(h, f, t0, t1, t2, t3);
                assertEquals(fa.signum() == 0 ? BigInteger.ZERO : fa.modInverse(P), val(h));
            }
        }
    }

    @Test
    void cswapSwapsOnlyOnOne() {
        int[] f = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, g = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        int[] f0 = f.clone(), g0 = g.clone();
        Field25519.cswap(f, g, 0);
        assertArrayEquals(f0, f);
        Field25519.cswap(f, g, 1);
        assertArrayEquals(g0, f);
        assertArrayEquals(f0, g);
    }
}

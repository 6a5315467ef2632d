package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * HSalsa20 (NaCl; Bernstein, "Extending the Salsa20 nonce", §2): the Salsa20 core's 20 rounds over
 * (constants, 32-byte key, 16-byte input) without the final feed-forward, output words 0, 5, 10, 15, 6, 7, 8, 9.
 * It derives XSalsa20 subkeys and the NaCl box key (beforenm = HSalsa20(X25519 shared secret, 0)).
 * Also home of the Salsa20 round function shared with {@link XSalsa20}.
 *
 * <p>Stateless apart from one scratch array; not thread-safe, one instance per thread.
 */
public final class HSalsa20 {
    /** "expand 32-byte k" as four little-endian words. */
    static final int C0 = 0x61707865;
    static final int C1 = 0x3320646e;
    static final int C2 = 0x79622d32;
    static final int C3 = 0x6b206574;

    private final int[] x = new int[16];

    public HSalsa20() {
    }

    /** out[outOff..+32) = HSalsa20(key[keyOff..+32), in[inOff..+16)). out may overlap key or in. */
    @HotPath
    public void derive(byte[] out, int outOff, byte[] key, int keyOff, byte[] in, int inOff) {
        int[] x = this.x;
        x[0] = C0;
        x[5] = C1;
        x[10] = C2;
        x[15] = C3;
        for (int i = 0; i < 4; i++) {
            x[1 + i] = Bytes.getIntLE(key, keyOff + 4 * i);
            x[11 + i] = Bytes.getIntLE(key, keyOff + 16 + 4 * i);
            x[6 + i] = Bytes.getIntLE(in, inOff + 4 * i);
        }
        rounds(x);
        Bytes.putIntLE(out, outOff, x[0]);
        Bytes.putIntLE(out, outOff + 4, x[5]);
        Bytes.putIntLE(out, outOff + 8, x[10]);
        Bytes.putIntLE(out, outOff + 12, x[15]);
        Bytes.putIntLE(out, outOff + 16, x[6]);
        Bytes.putIntLE(out, outOff + 20, x[7]);
        Bytes.putIntLE(out, outOff + 24, x[8]);
        Bytes.putIntLE(out, outOff + 28, x[9]);
        for (int i = 0; i < 16; i++) {
            x[i] = 0;
        }
    }

    /** The 20 Salsa20 rounds (10 double rounds: columns, then rows) in place, without the feed-forward. */
    static void rounds(int[] s) {
        int x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3], x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
        int x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11], x12 = s[12], x13 = s[13], x14 = s[14], x15 = s[15];
        for (int i = 0; i < 10; i++) {
            // Column round.
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // Row round.
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        s[0] = x0;
        s[1] = x1;
        s[2] = x2;
        s[3] = x3;
        s[4] = x4;
        s[5] = x5;
        s[6] = x6;
        s[7] = x7;
        s[8] = x8;
        s[9] = x9;
        s[10] = x10;
        s[11] = x11;
        s[12] = x12;
        s[13] = x13;
        s[14] = x14;
        s[15] = x15;
    }
}

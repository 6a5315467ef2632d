package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * HChaCha20, draft-irtf-cfrg-xchacha-03 §2.2: derives a 256-bit subkey from a key and a 128-bit nonce by running
 * the 20 ChaCha rounds on (constants, key, nonce) and keeping state words 0-3 and 12-15 without the final
 * feed-forward addition. XChaCha20 uses it to stretch the nonce to 192 bits (WireGuard cookie replies).
 * <p>
 * Stateless: everything is in local ints, so the static method is safe from any thread and allocates nothing.
 */
public final class HChaCha20 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 16;
    public static final int SUBKEY_LENGTH = 32;

    private HChaCha20() {
    }

    /**
     * Writes HChaCha20(key[keyOff..+32), nonce[nonceOff..+16)) to {@code out[outOff..outOff+32)}. The output
     * may overlap the key or nonce: all input is read before anything is written.
     */
    @HotPath
    public static void subkey(byte[] key, int keyOff, byte[] nonce, int nonceOff, byte[] out, int outOff) {
        int x0 = 0x61707865, x1 = 0x3320646e, x2 = 0x79622d32, x3 = 0x6b206574;
        int x4 = Bytes.getIntLE(key, keyOff), x5 = Bytes.getIntLE(key, keyOff + 4);
        int x6 = Bytes.getIntLE(key, keyOff + 8), x7 = Bytes.getIntLE(key, keyOff + 12);
        int x8 = Bytes.getIntLE(key, keyOff + 16), x9 = Bytes.getIntLE(key, keyOff + 20);
        int x10 = Bytes.getIntLE(key, keyOff + 24), x11 = Bytes.getIntLE(key, keyOff + 28);
        int x12 = Bytes.getIntLE(nonce, nonceOff), x13 = Bytes.getIntLE(nonce, nonceOff + 4);
        int x14 = Bytes.getIntLE(nonce, nonceOff + 8), x15 = Bytes.getIntLE(nonce, nonceOff + 12);
        for (int i = 0; i < 10; i++) {
            // column round
            x0 += x4; x12 ^= x0; x12 = (x12 << 16) | (x12 >>> 16);
            x8 += x12; x4 ^= x8; x4 = (x4 << 12) | (x4 >>> 20);
            x0 += x4; x12 ^= x0; x12 = (x12 << 8) | (x12 >>> 24);
            x8 += x12; x4 ^= x8; x4 = (x4 << 7) | (x4 >>> 25);
            x1 += x5; x13 ^= x1; x13 = (x13 << 16) | (x13 >>> 16);
            x9 += x13; x5 ^= x9; x5 = (x5 << 12) | (x5 >>> 20);
            x1 += x5; x13 ^= x1; x13 = (x13 << 8) | (x13 >>> 24);
            x9 += x13; x5 ^= x9; x5 = (x5 << 7) | (x5 >>> 25);
            x2 += x6; x14 ^= x2; x14 = (x14 << 16) | (x14 >>> 16);
            x10 += x14; x6 ^= x10; x6 = (x6 << 12) | (x6 >>> 20);
            x2 += x6; x14 ^= x2; x14 = (x14 << 8) | (x14 >>> 24);
            x10 += x14; x6 ^= x10; x6 = (x6 << 7) | (x6 >>> 25);
            x3 += x7; x15 ^= x3; x15 = (x15 << 16) | (x15 >>> 16);
            x11 += x15; x7 ^= x11; x7 = (x7 << 12) | (x7 >>> 20);
            x3 += x7; x15 ^= x3; x15 = (x15 << 8) | (x15 >>> 24);
            x11 += x15; x7 ^= x11; x7 = (x7 << 7) | (x7 >>> 25);
            // diagonal round
            x0 += x5; x15 ^= x0; x15 = (x15 << 16) | (x15 >>> 16);
            x10 += x15; x5 ^= x10; x5 = (x5 << 12) | (x5 >>> 20);
            x0 += x5; x15 ^= x0; x15 = (x15 << 8) | (x15 >>> 24);
            x10 += x15; x5 ^= x10; x5 = (x5 << 7) | (x5 >>> 25);
            x1 += x6; x12 ^= x1; x12 = (x12 << 16) | (x12 >>> 16);
            x11 += x12; x6 ^= x11; x6 = (x6 << 12) | (x6 >>> 20);
            x1 += x6; x12 ^= x1; x12 = (x12 << 8) | (x12 >>> 24);
            x11 += x12; x6 ^= x11; x6 = (x6 << 7) | (x6 >>> 25);
            x2 += x7; x13 ^= x2; x13 = (x13 << 16) | (x13 >>> 16);
            x8 += x13; x7 ^= x8; x7 = (x7 << 12) | (x7 >>> 20);
            x2 += x7; x13 ^= x2; x13 = (x13 << 8) | (x13 >>> 24);
            x8 += x13; x7 ^= x8; x7 = (x7 << 7) | (x7 >>> 25);
            x3 += x4; x14 ^= x3; x14 = (x14 << 16) | (x14 >>> 16);
            x9 += x14; x4 ^= x9; x4 = (x4 << 12) | (x4 >>> 20);
            x3 += x4; x14 ^= x3; x14 = (x14 << 8) | (x14 >>> 24);
            x9 += x14; x4 ^= x9; x4 = (x4 << 7) | (x4 >>> 25);
        }
        Bytes.putIntLE(out, outOff, x0);
        Bytes.putIntLE(out, outOff + 4, x1);
        Bytes.putIntLE(out, outOff + 8, x2);
        Bytes.putIntLE(out, outOff + 12, x3);
        Bytes.putIntLE(out, outOff + 16, x12);
        Bytes.putIntLE(out, outOff + 20, x13);
        Bytes.putIntLE(out, outOff + 24, x14);
        Bytes.putIntLE(out, outOff + 28, x15);
    }
}

package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * ChaCha20 stream cipher, RFC 8439 §2.1-2.4: 256-bit key, 96-bit nonce, 32-bit block counter.
 * <p>
 * Why this shape: the AEAD runs it per packet, so the key and nonce live in an {@code int[16]} state allocated
 * once, the 20 rounds are unrolled on local ints (no array traffic inside the rounds) and whole 64-byte blocks
 * are XORed a 32-bit word at a time. Only a final partial block goes through a keystream scratch buffer,
 * which is wiped afterwards.
 * <p>
 * The block counter is 32 bits and wraps silently (RFC 8439 §2.4 caps a message at 2^32 blocks; callers never
 * come near that with {@code int} lengths starting from counter 0 or 1).
 * <p>
 * Not thread-safe; one instance per thread. Never {@code toString()} an instance: it holds the key.
 */
public final class ChaCha20 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int BLOCK_LENGTH = 64;

    /** Words 0-3 constants, 4-11 key, 12 unused (the counter is a call argument), 13-15 nonce. */
    private final int[] state = new int[16];
    /** Keystream of a final partial block; wiped after use. */
    private final byte[] ks = new byte[BLOCK_LENGTH];
    /** Input of {@link #block}: never written. */
    private final byte[] zeros = new byte[BLOCK_LENGTH];

    public ChaCha20() {
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
    }

    /** Sets the 32-byte key from {@code key[off..off+32)}. */
    public void setKey(byte[] key, int off) {
        final int[] s = state;
        for (int i = 0; i < 8; i++) {
            s[4 + i] = Bytes.getIntLE(key, off + 4 * i);
        }
    }

    /** Sets the 12-byte nonce from {@code nonce[off..off+12)}. */
    @HotPath
    public void setNonce(byte[] nonce, int off) {
        final int[] s = state;
        s[13] = Bytes.getIntLE(nonce, off);
        s[14] = Bytes.getIntLE(nonce, off + 4);
        s[15] = Bytes.getIntLE(nonce, off + 8);
    }

    /**
     * Writes the 64-byte keystream block for {@code counter} to {@code out[outOff..outOff+64)} (RFC 8439 §2.3):
     * the keystream XORed onto zeros, so the rounds exist once, in {@link #xor}.
     */
    @HotPath
    public void block(int counter, byte[] out, int outOff) {
        xor(counter, zeros, 0, BLOCK_LENGTH, out, outOff);
    }

    /**
     * XORs {@code len} bytes of {@code in} with the keystream starting at block {@code counter} into {@code out}
     * (RFC 8439 §2.4). In-place (same array, same offset) works; other overlaps do not.
     *
     * @return the counter of the next unused block, so a caller can continue a stream
     */
    @HotPath
    public int xor(int counter, byte[] in, int inOff, int len, byte[] out, int outOff) {
        final int[] s = state;
        int ctr = counter;
        while (len > 0) {
            int x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3];
            int x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
            int x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11];
            int x12 = ctr, x13 = s[13], x14 = s[14], x15 = s[15];
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
            x0 += s[0];
            x1 += s[1];
            x2 += s[2];
            x3 += s[3];
            x4 += s[4];
            x5 += s[5];
            x6 += s[6];
            x7 += s[7];
            x8 += s[8];
            x9 += s[9];
            x10 += s[10];
            x11 += s[11];
            x12 += ctr;
            x13 += s[13];
            x14 += s[14];
            x15 += s[15];
            if (len >= BLOCK_LENGTH) {
                Bytes.putIntLE(out, outOff + 0, Bytes.getIntLE(in, inOff + 0) ^ x0);
                Bytes.putIntLE(out, outOff + 4, Bytes.getIntLE(in, inOff + 4) ^ x1);
                Bytes.putIntLE(out, outOff + 8, Bytes.getIntLE(in, inOff + 8) ^ x2);
                Bytes.putIntLE(out, outOff + 12, Bytes.getIntLE(in, inOff + 12) ^ x3);
                Bytes.putIntLE(out, outOff + 16, Bytes.getIntLE(in, inOff + 16) ^ x4);
                Bytes.putIntLE(out, outOff + 20, Bytes.getIntLE(in, inOff + 20) ^ x5);
                Bytes.putIntLE(out, outOff + 24, Bytes.getIntLE(in, inOff + 24) ^ x6);
                Bytes.putIntLE(out, outOff + 28, Bytes.getIntLE(in, inOff + 28) ^ x7);
                Bytes.putIntLE(out, outOff + 32, Bytes.getIntLE(in, inOff + 32) ^ x8);
                Bytes.putIntLE(out, outOff + 36, Bytes.getIntLE(in, inOff + 36) ^ x9);
                Bytes.putIntLE(out, outOff + 40, Bytes.getIntLE(in, inOff + 40) ^ x10);
                Bytes.putIntLE(out, outOff + 44, Bytes.getIntLE(in, inOff + 44) ^ x11);
                Bytes.putIntLE(out, outOff + 48, Bytes.getIntLE(in, inOff + 48) ^ x12);
                Bytes.putIntLE(out, outOff + 52, Bytes.getIntLE(in, inOff + 52) ^ x13);
                Bytes.putIntLE(out, outOff + 56, Bytes.getIntLE(in, inOff + 56) ^ x14);
                Bytes.putIntLE(out, outOff + 60, Bytes.getIntLE(in, inOff + 60) ^ x15);
                inOff += BLOCK_LENGTH;
                outOff += BLOCK_LENGTH;
                len -= BLOCK_LENGTH;
            } else {
                final byte[] k = ks;
                Bytes.putIntLE(k, 0, x0);
                Bytes.putIntLE(k, 4, x1);
                Bytes.putIntLE(k, 8, x2);
                Bytes.putIntLE(k, 12, x3);
                Bytes.putIntLE(k, 16, x4);
                Bytes.putIntLE(k, 20, x5);
                Bytes.putIntLE(k, 24, x6);
                Bytes.putIntLE(k, 28, x7);
                Bytes.putIntLE(k, 32, x8);
                Bytes.putIntLE(k, 36, x9);
                Bytes.putIntLE(k, 40, x10);
                Bytes.putIntLE(k, 44, x11);
                Bytes.putIntLE(k, 48, x12);
                Bytes.putIntLE(k, 52, x13);
                Bytes.putIntLE(k, 56, x14);
                Bytes.putIntLE(k, 60, x15);
                for (int i = 0; i < len; i++) {
                    out[outOff + i] = (byte) (in[inOff + i] ^ k[i]);
                }
                for (int i = 0; i < BLOCK_LENGTH; i++) {
                    k[i] = 0;
                }
                len = 0;
            }
            ctr++;
        }
        return ctr;
    }

    /** Zeroes the key and nonce (for when a session dies). */
    public void wipe() {
        for (int i = 4; i < 16; i++) {
            state[i] = 0;
        }
        Bytes.wipe(ks, 0, BLOCK_LENGTH);
    }
}

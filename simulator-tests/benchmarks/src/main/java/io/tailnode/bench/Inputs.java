package io.tailnode.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Fixed, reproducible benchmark inputs and the ours == BC check every benchmark's setup runs. */
final class Inputs {
    /** WireGuard transport data carries no associated data. */
    static final byte[] NO_AD = new byte[0];

    private Inputs() {
    }

    /** {@code len} pseudo-random bytes; the same seed gives the same bytes in every fork and run. */
    static byte[] bytes(int len, long seed) {
        byte[] b = new byte[len];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < len; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Little-endian 64-bit counter at {@code b[off..off+8)}. */
    static void putLongLE(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Fails the trial if the two implementations disagree, so a benchmark never compares unequal work. */
    static void same(String what, byte[] ours, int oursOff, byte[] bc, int bcOff, int len) {
        if (!Arrays.equals(ours, oursOff, oursOff + len, bc, bcOff, bcOff + len)) {
            throw new IllegalStateException(what + ": ours and BouncyCastle disagree");
        }
    }
}

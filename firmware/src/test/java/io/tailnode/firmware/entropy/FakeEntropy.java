package io.tailnode.firmware.entropy;

import io.tailnode.firmware.hal.Entropy;
import io.tailnode.firmware.hal.HalStatus;
import java.util.SplittableRandom;

/**
 * Test entropy sources: reproducible pseudorandom bytes from a seed, or one of the broken sources the health
 * tests must catch. The mode can change at any time (a TRNG that breaks after boot). No allocation per fill.
 */
final class FakeEntropy implements Entropy {
    static final int GOOD = 0;
    /** Every byte equal: the Repetition Count Test's case. */
    static final int STUCK = 1;
    /** Every other byte 0x00, the others random but never 0: no long runs, so only the APT sees it. */
    static final int BIASED = 2;
    /** The HAL's error flag: fill returns ERR_IO. */
    static final int HAL_ERROR = 3;
    /** Returns one byte less than asked. */
    static final int SHORT = 4;

    private final SplittableRandom random;
    private int mode = GOOD;
    private long bytesServed;
    private int calls;
    private int pos;

    FakeEntropy(long seed) {
        random = new SplittableRandom(seed);
    }

    FakeEntropy mode(int m) {
        mode = m;
        return this;
    }

    long bytesServed() {
        return bytesServed;
    }

    int calls() {
        return calls;
    }

    @Override
    public int fill(byte[] buf, int off, int len) {
        calls++;
        switch (mode) {
            case HAL_ERROR:
                return HalStatus.ERR_IO;
            case STUCK:
                for (int i = 0; i < len; i++) {
                    buf[off + i] = (byte) 0xA5;
                }
                break;
            case BIASED:
                for (int i = 0; i < len; i++) {
                    buf[off + i] = (pos++ & 1) == 0 ? 0 : (byte) (1 + random.nextInt(255));
                }
                break;
            default:
                for (int i = 0; i < len; i++) {
                    buf[off + i] = (byte) random.nextInt(256);
                }
        }
        bytesServed += len;
        return mode == SHORT ? len - 1 : len;
    }
}

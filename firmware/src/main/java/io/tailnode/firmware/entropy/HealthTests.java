package io.tailnode.firmware.entropy;

import io.tailnode.lang.HotPath;

/**
 * Continuous health tests on the raw entropy source, NIST SP 800-90B §4.4: the Repetition Count Test (§4.4.1)
 * and the Adaptive Proportion Test (§4.4.2), each byte of the TRNG output being one 8-bit sample.
 * <p>
 * Cutoffs follow from an assumed min-entropy {@code H} bits per byte (1..8, stated by whoever configures the
 * board: the TRNG vendor's 90B assessment, or a conservative guess) and the false-positive rate the spec
 * recommends, alpha = 2^-20 per sample:
 * <ul>
 * <li>RCT: C = 1 + ceil(20 / H) identical consecutive samples fail (H=1: 21, 2: 11, 4: 6, 8: 4).</li>
 * <li>APT: window W = 512 (non-binary samples), C = 1 + CRITBINOM(512, 2^-H, 1 - 2^-20); the window fails when
 * its first sample occurs C times in it (H=1: 311, 2: 177, 4: 62, 8: 13; 90B Table 2).</li>
 * </ul>
 * State runs across calls: the tests see the source's output as one stream, as 90B requires, so an APT window
 * may span two reseeds. A failure latches until {@link #reset()}: a source that failed once is not trusted
 * again before a restart. Not thread-safe; owned by {@link Drbg}.
 */
public final class HealthTests {
    /** No failure so far. */
    public static final int OK = 0;
    /** The Repetition Count Test failed (stuck source). */
    public static final int FAILED_RCT = 1;
    /** The Adaptive Proportion Test failed (biased source). */
    public static final int FAILED_APT = 2;

    /** APT window for non-binary sources (90B §4.4.2). */
    public static final int APT_WINDOW = 512;

    /** RCT cutoffs indexed by H = 1..8 (index 0 unused): 1 + ceil(20 / H). */
    private static final int[] RCT_CUTOFF = {0, 21, 11, 8, 6, 5, 5, 4, 4};
    /** APT cutoffs indexed by H = 1..8: 1 + CRITBINOM(512, 2^-H, 1 - 2^-20); checked exactly by a test. */
    private static final int[] APT_CUTOFF = {0, 311, 177, 103, 62, 39, 25, 18, 13};

    private final int rctCutoff;
    private final int aptCutoff;

    private int rctValue = -1;
    private int rctCount;
    private int aptValue;
    private int aptCount;
    /** Samples seen in the current APT window; 0 means the next sample opens a window. */
    private int aptSeen;
    private int failure;

    /** @param minEntropyBitsPerByte assumed min-entropy H of one raw byte, 1..8 */
    public HealthTests(int minEntropyBitsPerByte) {
        if (minEntropyBitsPerByte < 1 || minEntropyBitsPerByte > 8) {
            throw new IllegalArgumentException("min-entropy must be 1..8 bits per byte");
        }
        rctCutoff = RCT_CUTOFF[minEntropyBitsPerByte];
        aptCutoff = APT_CUTOFF[minEntropyBitsPerByte];
    }

    /** RCT cutoff for H bits per byte (for tests and the report). */
    public static int rctCutoff(int minEntropyBitsPerByte) {
        return RCT_CUTOFF[minEntropyBitsPerByte];
    }

    /** APT cutoff for H bits per byte (for tests and the report). */
    public static int aptCutoff(int minEntropyBitsPerByte) {
        return APT_CUTOFF[minEntropyBitsPerByte];
    }

    /**
     * Runs both tests over {@code buf[off..off+len)}.
     *
     * @return {@link #OK}, or the (latched) failure
     */
    @HotPath
    public int check(byte[] buf, int off, int len) {
        for (int i = 0; i < len && failure == OK; i++) {
            sample(buf[off + i] & 0xFF);
        }
        return failure;
    }

    @HotPath
    private void sample(int x) {
        // 90B §4.4.1: count the run of identical samples; C in a row is a stuck source.
        if (x == rctValue) {
            rctCount++;
            if (rctCount >= rctCutoff) {
                failure = FAILED_RCT;
            }
        } else {
            rctValue = x;
            rctCount = 1;
        }
        // 90B §4.4.2: the first sample of each window is counted (B = 1), then its repeats among the next W-1.
        if (aptSeen == 0) {
            aptValue = x;
            aptCount = 1;
        } else if (x == aptValue) {
            aptCount++;
            if (aptCount >= aptCutoff) {
                failure = FAILED_APT;
            }
        }
        aptSeen++;
        if (aptSeen == APT_WINDOW) {
            aptSeen = 0;
        }
    }

    /** The latched failure, or {@link #OK}. */
    public int failure() {
        return failure;
    }

    /** Clears state and any failure (a new instantiation after restart). */
    public void reset() {
        rctValue = -1;
        rctCount = 0;
        aptValue = 0;
        aptCount = 0;
        aptSeen = 0;
        failure = OK;
    }
}

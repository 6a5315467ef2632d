package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SP 800-90B §4.4 cutoffs and the exact points where RCT and APT fire. */
class HealthTestsTest {

    /** C = 1 + ceil(-log2(alpha) / H) with alpha = 2^-20. */
    @Test
    void rctCutoffsFollowTheFormula() {
        for (int h = 1; h <= 8; h++) {
            assertEquals(1 + (20 + h - 1) / h, HealthTests.rctCutoff(h), "H=" + h);
        }
    }

    /** C = 1 + CRITBINOM(512, 2^-H, 1 - 2^-20), computed exactly (90B Table 2 gives 311 for H=1, 13 for H=8). */
    @Test
    void aptCutoffsAreTheExactBinomialQuantile() {
        MathContext mc = new MathContext(60);
        BigDecimal target = BigDecimal.ONE.subtract(BigDecimal.ONE.divide(BigDecimal.valueOf(1 << 20), mc));
        for (int h = 1; h <= 8; h++) {
            BigDecimal p = BigDecimal.ONE.divide(BigDecimal.valueOf(1L << h), mc);
            BigDecimal q = BigDecimal.ONE.subtract(p);
            BigDecimal cdf = BigDecimal.ZERO;
            int k = 0;
            BigInteger binom = BigInteger.ONE;
            for (; k <= 512; k++) {
                if (k > 0) {
                    binom = binom.multiply(BigInteger.valueOf(512 - k + 1)).divide(BigInteger.valueOf(k));
                }
                cdf = cdf.add(new BigDecimal(binom).multiply(p.pow(k, mc)).multiply(q.pow(512 - k, mc)), mc);
                if (cdf.compareTo(target) >= 0) {
                    break;
                }
            }
            assertEquals(1 + k, HealthTests.aptCutoff(h), "H=" + h);
        }
        assertEquals(311, HealthTests.aptCutoff(1));
        assertEquals(13, HealthTests.aptCutoff(8));
    }

    @Test
    void rctFiresAtTheCutoffNotBefore() {
        HealthTests t = new HealthTests(4); // C = 6
        byte[] run = {1, 7, 7, 7, 7, 7};
        assertEquals(HealthTests.OK, t.check(run, 0, 6)); // five 7s
        assertEquals(HealthTests.OK, t.check(new byte[] {8}, 0, 1)); // run broken
        t.reset();
        assertEquals(HealthTests.FAILED_RCT, t.check(new byte[] {7, 7, 7, 7, 7, 7}, 0, 6));
        // Latched.
        assertEquals(HealthTests.FAILED_RCT, t.check(new byte[] {1, 2, 3}, 0, 3));
    }

    @Test
    void rctRunsAcrossCalls() {
        HealthTests t = new HealthTests(4);
        assertEquals(HealthTests.OK, t.check(new byte[] {3, 3, 3}, 0, 3));
        assertEquals(HealthTests.FAILED_RCT, t.check(new byte[] {3, 3, 3}, 0, 3));
    }

    @Test
    void aptFiresWhenTheFirstValueOfAWindowRepeatsTooOften() {
        int h = 4; // C = 62 in a 512-sample window
        HealthTests t = new HealthTests(h);
        byte[] window = new byte[512];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 512; i++) {
            window[i] = (byte) (1 + r.nextInt(255));
        }
        // 61 zeros (the first sample included) spread out: passes.
        for (int i = 0; i < 61; i++) {
            window[i * 8] = 0;
        }
        assertEquals(HealthTests.OK, t.check(window, 0, 512));
        // The next window opens with a fresh sample and counts from 1 again.
        window[61 * 8] = 0;
        t.reset();
        assertEquals(HealthTests.FAILED_APT, t.check(window, 0, 512));
    }

    @Test
    void goodSourcePassesALot() {
        HealthTests t = new HealthTests(4);
        FakeEntropy src = new FakeEntropy(123);
        byte[] buf = new byte[4096];
        for (int i = 0; i < 256; i++) {
            src.fill(buf, 0, buf.length);
            assertEquals(HealthTests.OK, t.check(buf, 0, buf.length));
        }
    }
}

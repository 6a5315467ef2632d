package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Seeding, reproducibility and the reseed policy of {@link Drbg} on a reproducible fake source. */
class DrbgTest {
    static final byte[] PERS = {1, 2, 3, 4, 5, 6, 7, 8};

    static Drbg started(FakeEntropy src, long reseedRequests, long reseedBytes, boolean pr) {
        Drbg d = new Drbg(src, 4, reseedRequests, reseedBytes, pr);
        assertEquals(HalStatus.OK, d.start(PERS, 0, PERS.length));
        return d;
    }

    static byte[] gen(Drbg d, int n) {
        byte[] out = new byte[n];
        assertEquals(n, d.generate(out, 0, n));
        return out;
    }

    @Test
    void sameSeedSameOutputDifferentPersonalizationDifferentOutput() {
        Drbg a = started(new FakeEntropy(7), 1000, 1 << 20, false);
        Drbg b = started(new FakeEntropy(7), 1000, 1 << 20, false);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(gen(a, 33), gen(b, 33));
        }
        Drbg c = new Drbg(new FakeEntropy(7), 4, 1000, 1 << 20, false);
        byte[] other = {9};
        c.start(other, 0, 1);
        Drbg d = started(new FakeEntropy(7), 1000, 1 << 20, false);
        assertFalse(Arrays.equals(gen(c, 32), gen(d, 32)));
        Drbg e = started(new FakeEntropy(8), 1000, 1 << 20, false);
        Drbg f = started(new FakeEntropy(7), 1000, 1 << 20, false);
        assertFalse(Arrays.equals(gen(e, 32), gen(f, 32)));
    }

    @Test
    void startRunsStartupTestThenSeeds() {
        FakeEntropy src = new FakeEntropy(1);
        Drbg d = started(src, 1000, 1 << 20, false);
        // H = 4: (256 + 128) / 4 = 96 seed bytes after 1,024 start-up samples.
        assertEquals(96, d.seedLength());
        assertEquals(64, d.reseedLength());
        assertEquals(Drbg.STARTUP_SAMPLES + 96, src.bytesServed());
        assertEquals(384, new Drbg(src, 1, 1, 1, false).seedLength());
        assertEquals(48, new Drbg(src, 8, 1, 1, false).seedLength());
    }

    @Test
    void reseedsAfterConfiguredRequests() {
        FakeEntropy src = new FakeEntropy(2);
        Drbg d = started(src, 3, 1 << 20, false);
        long afterStart = src.bytesServed();
        for (int i = 0; i < 3; i++) {
            gen(d, 16);
        }
        assertEquals(0, d.reseedCount());
        assertEquals(afterStart, src.bytesServed());
        gen(d, 16);
        assertEquals(1, d.reseedCount());
        assertEquals(afterStart + d.reseedLength(), src.bytesServed());
        assertEquals(1, d.requestsSinceSeed());
        for (int i = 0; i < 2 + 3 * 5; i++) {
            gen(d, 1);
        }
        assertEquals(6, d.reseedCount());
    }

    @Test
    void reseedsAfterConfiguredBytes() {
        Drbg d = started(new FakeEntropy(3), 1000, 100, false);
        gen(d, 60);
        assertEquals(0, d.reseedCount());
        gen(d, 40);
        assertEquals(0, d.reseedCount());
        gen(d, 1);
        assertEquals(1, d.reseedCount());
        gen(d, 250); // larger than the byte limit on its own: one reseed, then served
        assertEquals(2, d.reseedCount());
    }

    @Test
    void outputDiffersAfterReseedOnDemand() {
        Drbg a = started(new FakeEntropy(4), 1000, 1 << 20, false);
        Drbg b = started(new FakeEntropy(4), 1000, 1 << 20, false);
        assertArrayEquals(gen(a, 32), gen(b, 32));
        assertEquals(HalStatus.OK, a.reseed(null, 0, 0));
        assertEquals(1, a.reseedCount());
        assertFalse(Arrays.equals(gen(a, 32), gen(b, 32)));
        // Additional input at reseed also changes the stream.
        Drbg c = started(new FakeEntropy(5), 1000, 1 << 20, false);
        Drbg e = started(new FakeEntropy(5), 1000, 1 << 20, false);
        byte[] add = {42};
        c.reseed(add, 0, 1);
        e.reseed(null, 0, 0);
        assertFalse(Arrays.equals(gen(c, 32), gen(e, 32)));
    }

    @Test
    void predictionResistanceReseedsEveryRequest() {
        FakeEntropy src = new FakeEntropy(6);
        Drbg d = started(src, 1000, 1 << 20, true);
        for (int i = 0; i < 5; i++) {
            gen(d, 8);
        }
        assertEquals(5, d.reseedCount());
    }

    @Test
    void largeRequestsAreSplitAndStillRandomLooking() {
        Drbg d = started(new FakeEntropy(9), 1000, 1L << 30, false);
        byte[] big = gen(d, 3 * 65536 + 5);
        assertEquals(4, d.requestsSinceSeed());
        int[] counts = new int[256];
        for (byte x : big) {
            counts[x & 0xFF]++;
        }
        for (int c : counts) {
            assertTrue(c > 500 && c < 1050, "byte frequency " + c);
        }
    }

    @Test
    void notStartedProducesNothing() {
        Drbg d = new Drbg(new FakeEntropy(1), 4, 10, 100, false);
        byte[] out = new byte[16];
        Arrays.fill(out, (byte) 0x55);
        assertEquals(Drbg.ERR_NOT_STARTED, d.generate(out, 0, 16));
        assertArrayEquals(new byte[16], out);
        assertEquals(Drbg.ERR_NOT_STARTED, d.reseed(null, 0, 0));
    }
}

package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #3's entropy-failure test: a broken source (stuck, biased, HAL error flag, short read), at start-up or
 * after the DRBG was running, makes generate return ERR_ENTROPY_HEALTH with a zeroed output, forever, and key
 * generation store nothing.
 */
class EntropyFailureTest {

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x55);
        return b;
    }

    private static void assertFailedForGood(Drbg d, FakeEntropy src, int cause) {
        assertTrue(d.isFailed());
        assertEquals(cause, d.failureCause());
        byte[] out = filled(32);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.generate(out, 0, 32));
        assertArrayEquals(new byte[32], out, "no stale or partial output");
        // The source recovering does not revive the DRBG in this boot.
        src.mode(FakeEntropy.GOOD);
        out = filled(32);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.generate(out, 0, 32));
        assertArrayEquals(new byte[32], out);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.reseed(null, 0, 0));
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.start(null, 0, 0));

        MemoryRecordStore store = new MemoryRecordStore();
        KeyGenerator keys = new KeyGenerator(d, store);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, keys.ensureKeys());
        assertTrue(store.isEmpty(), "nothing stored");
    }

    @ParameterizedTest(name = "{0} at start-up")
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 3"})
    void brokenAtStartup(int mode, int cause) {
        // H = 1 claims only one bit per byte: a source that is 0 half the time has exactly that min-entropy, so
        // the biased case starts at H = 2 (APT cutoff 177 < the 256 zeros in a window).
        for (int h = mode == FakeEntropy.BIASED ? 2 : 1; h <= 8; h++) {
            FakeEntropy src = new FakeEntropy(11).mode(mode);
            Drbg d = new Drbg(src, h, 1000, 1 << 20, false);
            assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.start(null, 0, 0));
            assertFailedForGood(d, src, cause);
        }
    }

    @ParameterizedTest(name = "{0} at reseed")
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 3"})
    void breaksWhileRunning(int mode, int cause) {
        FakeEntropy src = new FakeEntropy(12);
        // Prediction resistance: every request reads the source, so the fault is seen at once. A reseed takes
        // 64 bytes, so the APT (512-sample window) needs a few requests to see the bias.
        Drbg d = new Drbg(src, 4, 1000, 1 << 20, true);
        assertEquals(HalStatus.OK, d.start(null, 0, 0));
        byte[] ok = new byte[32];
        assertEquals(32, d.generate(ok, 0, 32));
        src.mode(mode);
        int result = 0;
        for (int i = 0; i < 20 && result >= 0; i++) {
            byte[] out = filled(32);
            result = d.generate(out, 0, 32);
            if (result < 0) {
                assertArrayEquals(new byte[32], out);
            }
        }
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, result);
        assertFailedForGood(d, src, cause);
    }

    @ParameterizedTest(name = "{0} at a policy reseed inside a large request")
    @CsvSource({"1, 1", "3, 3"})
    void failureMidRequestZeroesTheWholeRange(int mode, int cause) {
        FakeEntropy src = new FakeEntropy(13);
        Drbg d = new Drbg(src, 4, 1, 1 << 20, false);
        assertEquals(HalStatus.OK, d.start(null, 0, 0));
        src.mode(mode);
        // 2 sub-requests: the first served without reseed (count 0 < 1)... then the second must reseed and fails.
        byte[] out = filled(70000);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, d.generate(out, 0, 70000));
        assertArrayEquals(new byte[70000], out);
        assertEquals(cause, d.failureCause());
    }
}

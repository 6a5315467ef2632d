package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.time.ClockFloor;
import io.tailnode.firmware.time.Tai64nClock;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** 0 bytes per DRBG request (with and without reseeds) and per timestamp (with and without a lease renewal). */
class EntropyTimeAllocationTest {

    @Test
    void drbgGenerateAllocatesNothing() {
        byte[] out = new byte[64];
        byte[] add = new byte[16];
        Drbg plain = new Drbg(new FakeEntropy(1), 4, 1L << 40, 1L << 40, false);
        assertEquals(HalStatus.OK, plain.start(null, 0, 0));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> plain.generate(out, 0, 32), 2000, 5000));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> plain.generate(out, 0, 64, add, 0, 16), 2000, 5000));
        // Reseed every other request: the source read, the health tests and the reseed are allocation-free too.
        Drbg reseeding = new Drbg(new FakeEntropy(2), 4, 2, 1L << 40, false);
        assertEquals(HalStatus.OK, reseeding.start(null, 0, 0));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> reseeding.generate(out, 0, 32), 2000, 5000));
        Drbg pr = new Drbg(new FakeEntropy(3), 4, 1000, 1L << 40, true);
        assertEquals(HalStatus.OK, pr.start(null, 0, 0));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> pr.generate(out, 0, 32), 2000, 5000));
        // The failed state too.
        Drbg failed = new Drbg(new FakeEntropy(4).mode(FakeEntropy.STUCK), 4, 1000, 1L << 40, false);
        failed.start(null, 0, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> failed.generate(out, 0, 32), 2000, 5000));
    }

    @Test
    void timestampAllocatesNothing() {
        MemoryRecordStore store = new MemoryRecordStore();
        Tai64nClock clock = new Tai64nClock(new ClockFloor(store), 1000, 100, 0);
        assertEquals(HalStatus.OK, clock.boot(0, 0, false));
        byte[] out = new byte[12];
        long[] mono = {0};
        // 50 ms per call with a 1 s lease: a floor write every ~18 calls is part of what is measured.
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            mono[0] += 50;
            clock.now(out, 0, mono[0]);
            clock.poll(mono[0]);
            clock.unixMillis(mono[0]);
        }, 2000, 20000));
    }
}

package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Steady-state allocation of SHA-256: update + doFinal must allocate nothing. */
class Sha256AllocationTest {
    private static final int WARMUP = 20000;
    private static final int ITERATIONS = 20000;

    @Test
    void updateAndDoFinalAllocateNothing() {
        Random rnd = new Random(1);
        byte[] in = new byte[1500];
        rnd.nextBytes(in);
        byte[] out = new byte[32];
        Sha256 s = new Sha256();
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            s.update(in, 0, 64);
            s.doFinal(out, 0);
        }, WARMUP, ITERATIONS), "64 B");
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            s.update(in, 3, 1420);
            s.update(in[0]);
            s.update(in, 1, 55);
            s.doFinal(out, 0);
        }, WARMUP, ITERATIONS), "split 1476 B");
    }
}

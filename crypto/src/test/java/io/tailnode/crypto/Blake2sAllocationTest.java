package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Steady-state allocation of the BLAKE2s family: every per-call operation must allocate nothing. */
class Blake2sAllocationTest {
    private static final int WARMUP = 20000;
    private static final int ITERATIONS = 20000;

    private final Random rnd = new Random(42);
    private final byte[] key = bytes(32);
    private final byte[] in = bytes(65536);
    private final byte[] out = new byte[96];

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static void assertNoAllocation(String what, Runnable op) {
        assertEquals(0, AllocationMeter.bytesPerCall(op, WARMUP, ITERATIONS), what);
    }

    @Test
    void blake2s256() {
        Blake2s b = new Blake2s();
        b.init(32);
        assertNoAllocation("BLAKE2s-256 of 32 B", () -> {
            b.update(in, 0, 32);
            b.doFinal(out, 0);
        });
        assertNoAllocation("BLAKE2s-256 of 1420 B", () -> {
            b.update(in, 3, 1420);
            b.doFinal(out, 0);
        });
        assertNoAllocation("BLAKE2s-256 two updates and a byte", () -> {
            b.update(in, 0, 32);
            b.update(in, 32, 100);
            b.update((byte) 1);
            b.doFinal(out, 0);
        });
        assertNoAllocation("BLAKE2s init + hash", () -> {
            b.init(32);
            b.update(in, 0, 64);
            b.doFinal(out, 0);
        });
    }

    @Test
    void keyedMac() {
        Blake2s b = new Blake2s();
        // mac1 covers the first 116 bytes of a 148-byte initiation.
        assertNoAllocation("keyed BLAKE2s-128 of 116 B", () -> b.mac(key, 0, 32, in, 0, 116, out, 0, 16));
        assertNoAllocation("keyed BLAKE2s-128 of 1420 B", () -> b.mac(key, 0, 32, in, 0, 1420, out, 0, 16));
    }

    @Test
    void hmac() {
        HmacBlake2s h = new HmacBlake2s();
        assertNoAllocation("HMAC-BLAKE2s init + 33 B", () -> {
            h.init(key, 0, 32);
            h.update(in, 0, 33);
            h.doFinal(out, 0);
        });
        assertNoAllocation("HMAC-BLAKE2s long key", () -> {
            h.init(in, 0, 100);
            h.update((byte) 1);
            h.doFinal(out, 0);
        });
    }

    @Test
    void kdf() {
        NoiseKdf kdf = new NoiseKdf();
        assertNoAllocation("kdf1", () -> kdf.kdf1(key, 0, 32, in, 0, 32, out, 0));
        assertNoAllocation("kdf2", () -> kdf.kdf2(key, 0, 32, in, 0, 32, out, 0, out, 32));
        assertNoAllocation("kdf3", () -> kdf.kdf3(key, 0, 32, in, 0, 32, out, 0, out, 32, out, 64));
        assertNoAllocation("kdf2 aliased", () -> kdf.kdf2(out, 0, 32, in, 0, 32, out, 0, out, 32));
    }

    @Test
    void tai64n() {
        long[] t = {1700000000000L};
        assertNoAllocation("Tai64n encode", () -> Tai64n.encode(t[0]++, 123, true, out, 0));
        assertNoAllocation("Tai64n compare", () -> {
            if (Tai64n.compare(out, 0, out, 12) == Integer.MIN_VALUE) {
                throw new AssertionError();
            }
        });
    }
}

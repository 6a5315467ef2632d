package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class X25519AllocationTest {
    @Test
    void scalarMultAndPublicKeyAllocateNothing() {
        final X25519 x = new X25519();
        final byte[] k = new byte[32], u = new byte[32], out = new byte[32];
        Random rnd = new Random(1);
        rnd.nextBytes(k);
        rnd.nextBytes(u);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> x.scalarMult(out, 0, k, 0, u, 0), 2000, 500));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> x.publicKey(out, 0, k, 0), 2000, 500));
    }
}

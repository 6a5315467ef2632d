package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Steady-state calls allocate nothing (run with escape analysis off by the "allocation" surefire execution). */
class AeadAllocationTest {
    private static final int WARMUP = 2000;
    private static final int ITERATIONS = 2000;

    private final Random rnd = new Random(7);
    private final byte[] key = bytes(32);
    private final byte[] nonce = bytes(12);
    private final byte[] xnonce = bytes(24);
    private final byte[] ad = bytes(16);
    private final byte[] pt = bytes(1420);
    private final byte[] ct = new byte[1420 + 16];
    private final byte[] back = new byte[1420];

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void chacha20Poly1305Seal1420() {
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        a.setKey(key, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> a.seal(nonce, 0, ad, 0, ad.length, pt, 0, pt.length, ct, 0), WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> a.sealCounterLE(5, ad, 0, ad.length, pt, 0, pt.length, ct, 0), WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> a.sealCounterBE(5, ad, 0, ad.length, pt, 0, pt.length, ct, 0), WARMUP, ITERATIONS));
    }

    @Test
    void chacha20Poly1305Open1420() {
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        a.setKey(key, 0);
        a.seal(nonce, 0, ad, 0, ad.length, pt, 0, pt.length, ct, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            if (a.open(nonce, 0, ad, 0, ad.length, ct, 0, ct.length, back, 0) != 1420) {
                throw new AssertionError();
            }
        }, WARMUP, ITERATIONS));
        byte[] bad = ct.clone();
        bad[3] ^= 1;
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> a.open(nonce, 0, ad, 0, ad.length, bad, 0, bad.length, back, 0), WARMUP, ITERATIONS));
        a.sealCounterLE(9, ad, 0, ad.length, pt, 0, pt.length, ct, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> a.openCounterLE(9, ad, 0, ad.length, ct, 0, ct.length, back, 0), WARMUP, ITERATIONS));
    }

    @Test
    void xchacha20Poly1305SealOpen() {
        XChaCha20Poly1305 x = new XChaCha20Poly1305();
        x.setKey(key, 0);
        byte[] cookie = bytes(16);
        byte[] box = new byte[32];
        byte[] out = new byte[16];
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> x.seal(xnonce, 0, ad, 0, ad.length, cookie, 0, 16, box, 0), WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            if (x.open(xnonce, 0, ad, 0, ad.length, box, 0, 32, out, 0) != 16) {
                throw new AssertionError();
            }
        }, WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> x.seal(xnonce, 0, ad, 0, ad.length, pt, 0, pt.length, ct, 0), WARMUP, ITERATIONS));
    }

    @Test
    void hchacha20() {
        byte[] sub = new byte[32];
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> HChaCha20.subkey(key, 0, xnonce, 0, sub, 0), WARMUP, ITERATIONS));
    }

    @Test
    void poly1305UpdateFinish() {
        Poly1305 p = new Poly1305();
        byte[] tag = new byte[16];
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            p.init(key, 0);
            p.update(pt, 0, 7);
            p.update(pt, 7, 1000);
            p.padToBlock();
            p.update(pt, 1007, 13);
            p.finish(tag, 0);
        }, WARMUP, ITERATIONS));
    }

    @Test
    void chacha20Xor() {
        ChaCha20 c = new ChaCha20();
        c.setKey(key, 0);
        c.setNonce(nonce, 0);
        byte[] blk = new byte[64];
        assertEquals(0, AllocationMeter.bytesPerCall(() -> c.xor(1, pt, 0, pt.length, ct, 0), WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> c.xor(1, pt, 0, 37, ct, 0), WARMUP, ITERATIONS));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> c.block(3, blk, 0), WARMUP, ITERATIONS));
    }
}

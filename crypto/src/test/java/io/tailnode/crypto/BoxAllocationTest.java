package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxAllocationTest {
    @Test
    void boxOperationsAllocateNothing() {
        final CryptoBox box = new CryptoBox();
        final X25519 x = new X25519();
        Random rnd = new Random(6);
        final byte[] aSk = new byte[32], bSk = new byte[32], aPk = new byte[32], bPk = new byte[32];
        rnd.nextBytes(aSk);
        rnd.nextBytes(bSk);
        x.publicKey(aPk, 0, aSk, 0);
        x.publicKey(bPk, 0, bSk, 0);
        final byte[] nonce = new byte[24], msg = new byte[1420], sealed = new byte[1436], back = new byte[1420];
        final byte[] k = new byte[32];
        rnd.nextBytes(nonce);
        rnd.nextBytes(msg);
        box.seal(bPk, 0, aSk, 0, nonce, 0, msg, 0, msg.length, sealed, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> box.beforenm(k, 0, bPk, 0, aSk, 0), 300, 100));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> box.seal(bPk, 0, aSk, 0, nonce, 0, msg, 0, msg.length, sealed, 0), 300, 100));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> box.open(aPk, 0, bSk, 0, nonce, 0, sealed, 0, sealed.length, back, 0), 300, 100));
        box.beforenm(k, 0, bPk, 0, aSk, 0);
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> box.sealAfternm(k, 0, nonce, 0, msg, 0, msg.length, sealed, 0), 2000, 500));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> box.openAfternm(k, 0, nonce, 0, sealed, 0, sealed.length, back, 0), 2000, 500));
        assertEquals(0, AllocationMeter.bytesPerCall(
                () -> box.secretboxOpen(k, 0, nonce, 0, sealed, 0, 10, back, 0), 2000, 500)); // rejected path
        final XSalsa20 xs = new XSalsa20();
        final Poly1305 p = new Poly1305();
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            xs.init(k, 0, nonce, 0);
            xs.process(msg, 0, msg.length, back, 0);
            p.init(k, 0);
            p.update(msg, 0, 1001);
            p.finish(back, 0);
        }, 2000, 500));
    }
}

package io.tailnode.wg;

import static io.tailnode.wg.SessionFixtures.HEAD;
import static io.tailnode.wg.SessionFixtures.MTU;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.lang.Bytes;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** 0 bytes per transport packet: encrypt and decrypt of 1420 B and of a keepalive, and per replay check. */
class SessionAllocationTest {
    private final Keypair[] kp = SessionFixtures.mirrored(7, 1, 2, 0, true);
    private final Session a = SessionFixtures.session(kp[0]);
    private final Session b = SessionFixtures.session(kp[1]);
    private final byte[] buf = new byte[HEAD + MTU + 32];

    /** Seal then open the same buffer; the counter header is rewritten each round so the window accepts it. */
    private void roundTrip(int len) {
        int n = a.encrypt(buf, HEAD, len, MTU, 1);
        if (n < 0 || b.decrypt(buf, 0, n, 1) < 0) {
            throw new AssertionError("round trip failed");
        }
    }

    @Test
    void encryptDecrypt1420BytesAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> roundTrip(1420), 2000, 2000));
    }

    @Test
    void encryptDecryptKeepaliveAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> roundTrip(0), 5000, 5000));
    }

    @Test
    void encryptAloneAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> a.encrypt(buf, HEAD, 1420, MTU, 1), 2000, 2000));
    }

    @Test
    void rejectedDecryptAllocatesNothing() {
        int n = a.encrypt(buf, HEAD, 64, MTU, 1);
        byte[] msg = java.util.Arrays.copyOf(buf, n);
        b.decrypt(msg.clone(), 0, n, 1);
        // Replayed (rejected before the AEAD) and forged (rejected by the tag).
        assertEquals(0, AllocationMeter.bytesPerCall(() -> b.decrypt(msg, 0, n, 1), 5000, 5000));
        byte[] forged = msg.clone();
        Bytes.putLongLE(forged, 8, 1L << 40);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> b.decrypt(forged, 0, n, 1), 5000, 5000));
    }

    @Test
    void replayCheckAllocatesNothing() {
        ReplayWindow w = new ReplayWindow();
        long[] c = {0};
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            long v = c[0]++;
            w.willAccept(v);
            w.markReceived(v);
            w.markReceived(v - 3000);
        }, 10000, 10000));
    }
}

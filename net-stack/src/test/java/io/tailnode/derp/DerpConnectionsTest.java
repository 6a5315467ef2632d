package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import org.junit.jupiter.api.Test;

/** Home plus on-demand regions over simulated time. */
class DerpConnectionsTest {
    static DerpConnections of(int n) {
        DerpClient[] c = new DerpClient[n];
        for (int i = 0; i < n; i++) {
            c[i] = new DerpClient(new CryptoBox(), new CountingRandom(), new RecordingDerpListener(), 1500, 4096, 16);
        }
        return new DerpConnections(c);
    }

    @Test
    void homeStaysOnDemandRegionsCloseWhenIdle() {
        DerpConnections d = of(3);
        int home = d.setHome(900, 0);
        assertTrue(d.isHome(home));
        int a = d.acquire(1, 1000);
        int b = d.acquire(2, 2000);
        assertEquals(a, d.acquire(1, 3000), "same region, same slot");
        assertEquals(3, d.slotOf(900) + d.slotOf(1) + d.slotOf(2));
        assertEquals(62000, d.nextDeadline());
        assertEquals(DerpConnections.NO_SLOT, d.idleSlot(61999));
        assertEquals(b, d.idleSlot(62000));
        d.release(b);
        d.noteUsed(a, 50000);
        assertEquals(DerpConnections.NO_SLOT, d.idleSlot(100000));
        assertEquals(a, d.idleSlot(110000));
        d.release(a);
        assertEquals(Long.MAX_VALUE, d.nextDeadline(), "only the home is left, and it never idles out");
        assertFalse(d.isHome(a));
        assertEquals(900, d.regionAt(home));
    }

    @Test
    void fullSetEvictsTheLeastRecentlyUsedNonHome() {
        DerpConnections d = of(2);
        int home = d.setHome(900, 0);
        int a = d.acquire(1, 10);
        assertEquals(0, d.lastEvictedRegion());
        int b = d.acquire(2, 20);
        assertEquals(a, b, "one non-home slot: region 2 takes it over");
        assertEquals(1, d.lastEvictedRegion());
        assertEquals(DerpConnections.NO_SLOT, d.slotOf(1));
        assertEquals(home, d.slotOf(900));

        DerpConnections one = of(1);
        assertEquals(0, one.setHome(900, 0));
        assertEquals(DerpConnections.NO_SLOT, one.acquire(1, 5), "capacity 1: only the home");
        // Moving home takes the slot over; the old home's connection must be closed.
        assertEquals(0, one.setHome(901, 10));
        assertEquals(900, one.lastEvictedRegion());
        assertTrue(one.isHome(0));
    }
}

package io.tailnode.firmware.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import org.junit.jupiter.api.Test;

/**
 * Idle maintenance: writes never erase (a collection goes into an erased spare, the old sector's erase waits for
 * {@link FlashKeyStore#maintain()}); with no erased spare a write is refused with ERASE_PENDING and changes
 * nothing; maintain pre-collects a nearly full live sector; every value survives a remount.
 */
class FlashKeyStoreIdleMaintenanceTest {
    private static int totalErases(RamFlash f) {
        int n = 0;
        for (int e : f.erases) {
            n += e;
        }
        return n;
    }

    private static byte[] value(int type, int round) {
        byte[] v = new byte[40];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (type * 31 + round + i);
        }
        return v;
    }

    @Test
    void writesNeverEraseAndMaintenanceKeepsASpareReady() {
        RamFlash flash = new RamFlash(3, 1024, 16);
        FlashKeyStore store = new FlashKeyStore(flash, 0, 3, 64, 8);
        assertEquals(HalStatus.OK, store.mount());
        store.setIdleMaintenance(true);
        // Format the blank sectors first (a board's first idle iterations).
        while (store.maintain() == 1) {
            continue;
        }
        int deferred = 0;
        int maintained = 0;
        int[] lastRound = new int[4];
        for (int round = 0; round < 200; round++) {
            int type = 1 + round % 4;
            int before = totalErases(flash);
            int rc = store.write(type, value(type, round), 0, 40);
            assertEquals(before, totalErases(flash), "a write erased (round " + round + ")");
            if (rc == FlashKeyStore.ERASE_PENDING) {
                deferred++;
            } else {
                assertEquals(HalStatus.OK, rc);
                lastRound[type - 1] = round;
            }
            // Idle only every fifth write: garbage collections outrun maintenance now and then.
            if (round % 5 == 4) {
                int m = store.maintain();
                assertTrue(m == 0 || m == 1, "maintain: " + m);
                maintained += m;
            }
        }
        assertTrue(maintained > 0, "maintenance erased or collected");
        assertEquals(deferred, store.deferredWrites());
        byte[] buf = new byte[64];
        for (int t = 1; t <= 4; t++) {
            assertEquals(40, store.read(t, buf, 0, buf.length));
            assertEquals(value(t, lastRound[t - 1])[0], buf[0], "type " + t + " holds its last accepted value");
        }
        FlashKeyStore again = new FlashKeyStore(flash, 0, 3, 64, 8);
        assertEquals(HalStatus.OK, again.mount());
        for (int t = 1; t <= 4; t++) {
            assertEquals(40, again.read(t, buf, 0, buf.length));
            assertEquals(value(t, lastRound[t - 1])[0], buf[0]);
        }
    }

    @Test
    void withoutAnErasedSpareTheWriteIsDeferredAndChangesNothing() {
        RamFlash flash = new RamFlash(2, 1024, 16);
        FlashKeyStore store = new FlashKeyStore(flash, 0, 2, 64, 8);
        assertEquals(HalStatus.OK, store.mount());
        store.setIdleMaintenance(true);
        while (store.maintain() == 1) {
            continue;
        }
        // Fill the live sector; the first collection goes into the spare and leaves the old sector unerased.
        int erases = totalErases(flash);
        int round = 0;
        int live = store.liveSector();
        while (store.liveSector() == live) {
            assertEquals(HalStatus.OK, store.write(1, value(1, round), 0, 40));
            round++;
        }
        assertEquals(erases, totalErases(flash), "the collection programmed only");
        // Fill the new live sector too: no erased spare remains, so the next write that needs room is deferred.
        int rc;
        do {
            rc = store.write(1, value(1, round++), 0, 40);
        } while (rc == HalStatus.OK);
        assertEquals(FlashKeyStore.ERASE_PENDING, rc);
        assertEquals(1, store.deferredWrites());
        byte[] buf = new byte[64];
        assertEquals(40, store.read(1, buf, 0, buf.length));
        assertEquals(value(1, round - 2)[0], buf[0], "the last accepted value stays");
        assertEquals(erases, totalErases(flash));
        // The idle step erases the old sector (and a later one collects); then the write goes through.
        assertEquals(1, store.maintain());
        assertEquals(erases + 1, totalErases(flash));
        assertEquals(HalStatus.OK, store.write(1, value(1, round), 0, 40));
        assertEquals(40, store.read(1, buf, 0, buf.length));
        assertEquals(value(1, round)[0], buf[0]);
    }

    @Test
    void maintenanceCollectsANearlyFullSectorAheadOfNeedOnce() {
        RamFlash flash = new RamFlash(3, 1024, 16);
        FlashKeyStore store = new FlashKeyStore(flash, 0, 3, 64, 8);
        assertEquals(HalStatus.OK, store.mount());
        store.setIdleMaintenance(true);
        while (store.maintain() == 1) {
            continue;
        }
        int reserve = store.layout().footprint(64);
        int round = 0;
        while (store.freeBytes() >= reserve) {
            assertEquals(HalStatus.OK, store.write(1 + round % 2, value(1, round), 0, 40));
            round++;
        }
        int live = store.liveSector();
        int erases = totalErases(flash);
        assertEquals(1, store.maintain(), "collects into the spare");
        assertTrue(store.liveSector() != live);
        assertEquals(erases, totalErases(flash), "collection programs only");
        assertEquals(1, store.maintain(), "then erases the old sector");
        assertEquals(erases + 1, totalErases(flash));
        assertEquals(0, store.maintain(), "nothing left to do: no collection loop");
        assertTrue(store.freeBytes() >= reserve);
    }
}

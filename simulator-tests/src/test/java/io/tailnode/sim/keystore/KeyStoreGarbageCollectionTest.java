package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.hal.SimFlash;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static io.tailnode.sim.keystore.KeyStoreScenario.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage collection: a full sector is compacted without loss, unknown types survive, wear spreads evenly. */
class KeyStoreGarbageCollectionTest {
    private static void assertHolds(FlashKeyStore s, Map<Integer, byte[]> expected) {
        byte[] buf = new byte[KeyStoreScenario.MAX_RECORD];
        for (Map.Entry<Integer, byte[]> e : expected.entrySet()) {
            int n = s.read(e.getKey(), buf, 0, buf.length);
            assertEquals(e.getValue().length, n, "type " + e.getKey());
            assertArrayEquals(e.getValue(), Arrays.copyOf(buf, n), "type " + e.getKey());
        }
    }

    @Test
    void fullSectorForcesCollectionWithoutLossAndUnknownTypesSurvive() {
        SimFlash flash = KeyStoreScenario.newFlash(0);
        FlashKeyStore s = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, s.mount());
        Map<Integer, byte[]> model = new HashMap<>();
        model.put(0x5001, bytes(120, 1)); // unknown to this firmware: must be carried along
        model.put(0x0FFE, new byte[0]);
        model.put(RecordTypes.MACHINE_KEY, bytes(32, 2));
        model.put(RecordTypes.PROVISIONING, bytes(300, 3));
        for (Map.Entry<Integer, byte[]> e : model.entrySet()) {
            assertEquals(HalStatus.OK, s.write(e.getKey(), e.getValue(), 0, e.getValue().length));
        }
        int live = s.liveSector();
        int writes = 0;
        while (s.liveSector() == live) {
            byte[] v = bytes(8, 1000 + writes++);
            model.put(RecordTypes.CLOCK_FLOOR, v);
            assertEquals(HalStatus.OK, s.write(RecordTypes.CLOCK_FLOOR, v, 0, v.length));
        }
        assertNotEquals(live, s.liveSector());
        assertHolds(s, model);
        FlashKeyStore again = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, again.mount());
        assertHolds(again, model);
        System.out.printf("[gc] collection after %d clock-floor writes; live sector %d -> %d, %d bytes free after%n",
                writes, live, again.liveSector(), again.freeBytes());
    }

    @Test
    void manyUpdatesWrapAllSectorsRepeatedlyWithEvenWear() {
        SimFlash flash = KeyStoreScenario.newFlash(0);
        FlashKeyStore s = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, s.mount());
        Map<Integer, byte[]> model = new HashMap<>();
        model.put(0x6001, bytes(77, 9));
        model.put(RecordTypes.NODE_KEY, bytes(32, 10));
        for (Map.Entry<Integer, byte[]> e : model.entrySet()) {
            assertEquals(HalStatus.OK, s.write(e.getKey(), e.getValue(), 0, e.getValue().length));
        }
        for (int i = 0; i < 20_000; i++) {
            int type = i % 7 == 0 ? RecordTypes.REGISTRATION : RecordTypes.CLOCK_FLOOR;
            byte[] v = bytes(type == RecordTypes.CLOCK_FLOOR ? 8 : 20 + i % 200, i);
            model.put(type, v);
            assertEquals(HalStatus.OK, s.write(type, v, 0, v.length));
            if (i % 5000 == 4999) {
                s = KeyStoreScenario.newStore(flash);
                assertEquals(HalStatus.OK, s.mount());
                assertHolds(s, model);
            }
        }
        assertHolds(s, model);
        long[] erases = new long[KeyStoreScenario.SECTORS];
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < erases.length; i++) {
            erases[i] = flash.eraseCount(i);
            min = Math.min(min, erases[i]);
            max = Math.max(max, erases[i]);
            assertEquals(erases[i], s.eraseCount(i), "header erase count matches the flash's");
        }
        System.out.printf("[gc] 20000 updates: erase counts per sector %s%n", Arrays.toString(erases));
        assertTrue(min > 100, "every sector took part");
        assertTrue(max - min <= 1, "wear levelling keeps erase counts within one");
    }
}

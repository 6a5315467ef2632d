package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexTableTest {
    @Test
    void allocatesNonZeroIndicesThatLookUpToTheirSlot() {
        IndexTable t = new IndexTable(8, new TestRandom(7));
        long[] idx = new long[8];
        for (int i = 0; i < 8; i++) {
            idx[i] = t.allocate(i * 10);
            assertTrue(idx[i] > 0 && idx[i] <= 0xFFFFFFFFL);
            assertEquals(i * 10, t.lookup((int) idx[i]));
        }
        assertEquals(8, t.size());
        assertEquals(WgReason.TABLE_FULL, t.allocate(99));
        assertTrue(t.remove((int) idx[3]));
        assertFalse(t.remove((int) idx[3]));
        assertEquals(WgReason.UNKNOWN_INDEX, t.lookup((int) idx[3]));
        assertTrue(t.allocate(5) > 0, "a freed entry can be reused");
        assertEquals(WgReason.UNKNOWN_INDEX, t.lookup(0));
        assertFalse(t.remove(0));
    }

    @Test
    void neverHandsOutZero() {
        // A source that yields zero first: the table must draw again.
        WgRandom zeroThenOne = new WgRandom() {
            int calls;

            @Override
            public void nextBytes(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = 0;
                }
                if (calls++ > 0) {
                    b[off] = 1;
                }
            }
        };
        IndexTable t = new IndexTable(2, zeroThenOne);
        assertEquals(1, t.allocate(0));
    }

    @Test
    void brokenRandomSourceEndsInTableFullNotALoop() {
        WgRandom constant = (b, off, len) -> {
            for (int i = 0; i < len; i++) {
                b[off + i] = 7;
            }
        };
        IndexTable t = new IndexTable(4, constant);
        assertEquals(0x07070707L, t.allocate(1));
        assertEquals(WgReason.TABLE_FULL, t.allocate(2));
        assertEquals(1, t.size());
    }

    /** Random churn against a HashMap: backward-shift deletion must never lose an entry. */
    @Test
    void matchesAMapUnderRandomChurn() {
        IndexTable t = new IndexTable(64, new TestRandom(11));
        Map<Integer, Integer> model = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        Random r = new Random(5);
        for (int step = 0; step < 20_000; step++) {
            if (live.size() < 64 && (live.isEmpty() || r.nextBoolean())) {
                int slot = r.nextInt(1000);
                long idx = t.allocate(slot);
                assertTrue(idx > 0);
                assertFalse(model.containsKey((int) idx), "fresh index");
                model.put((int) idx, slot);
                live.add((int) idx);
            } else {
                int k = live.remove(r.nextInt(live.size()));
                assertTrue(t.remove(k));
                model.remove(k);
            }
            if (step % 97 == 0) {
                for (Map.Entry<Integer, Integer> e : model.entrySet()) {
                    assertEquals(e.getValue().intValue(), t.lookup(e.getKey()));
                }
                int probe = r.nextInt();
                if (probe != 0 && !model.containsKey(probe)) {
                    assertEquals(WgReason.UNKNOWN_INDEX, t.lookup(probe));
                }
            }
            assertEquals(model.size(), t.size());
        }
        for (int k : live) {
            assertNotEquals(WgReason.UNKNOWN_INDEX, t.lookup(k));
        }
    }
}
